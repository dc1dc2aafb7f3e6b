// The dashboard's YAML editor: CodeMirror 5 (vendored by scripts/vendor-web.sh) on a textarea,
// with line numbers, YAML highlighting, folding by indentation, and markers on the lines the
// server's errors concern. Blazor calls these through JS interop (src/Web/Editing/YamlEditor.razor).
window.berthEditor = {
  create(textarea, text, readOnly) {
    const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    const editor = CodeMirror.fromTextArea(textarea, {
      mode: "yaml",
      lineNumbers: true,
      readOnly: readOnly,
      indentUnit: 2,
      tabSize: 2,
      indentWithTabs: false,
      extraKeys: { Tab: cm => cm.replaceSelection("  ") },
      foldGutter: true,
      foldOptions: { rangeFinder: CodeMirror.fold.indent },
      gutters: ["CodeMirror-linenumbers", "CodeMirror-foldgutter", "berth-error-gutter"],
      theme: dark ? "material-darker" : "default",
      viewportMargin: 50,
    });
    // A text set before the editor existed (an upload that won the race with this call) wins over the initial one.
    editor.setValue(textarea.berthPending !== undefined ? textarea.berthPending : text || "");
    editor.berthMarked = [];
    textarea.berthEditor = editor;
    return true;
  },
  getValue(textarea) {
    return textarea.berthEditor ? textarea.berthEditor.getValue() : textarea.value;
  },
  setValue(textarea, text) {
    if (textarea.berthEditor) textarea.berthEditor.setValue(text || "");
    else textarea.value = textarea.berthPending = text || "";
  },
  // errors: [{ line (1-based), message }]; replaces the previous marks.
  markErrors(textarea, errors) {
    const editor = textarea.berthEditor;
    if (!editor) return;
    for (const line of editor.berthMarked) {
      editor.removeLineClass(line, "background", "berth-error-line");
    }
    editor.clearGutter("berth-error-gutter");
    editor.berthMarked = [];
    for (const error of errors) {
      if (!error.line || error.line < 1 || error.line > editor.lineCount()) continue;
      const line = error.line - 1;
      editor.addLineClass(line, "background", "berth-error-line");
      const marker = document.createElement("span");
      marker.className = "berth-error-marker";
      marker.title = error.message;
      marker.textContent = "▲";
      editor.setGutterMarker(line, "berth-error-gutter", marker);
      editor.berthMarked.push(line);
    }
  },
};
