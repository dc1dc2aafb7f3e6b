// The dashboard's YAML editor: CodeMirror 5 (vendored by scripts/vendor-web.sh) on a textarea,
// with line numbers, YAML highlighting, folding by indentation, and markers on the lines the
// server's errors concern. Blazor calls these through JS interop (src/Web/Editing/YamlEditor.razor).
// CodeMirror's files are loaded on the first editor, not by every page (bench/dashboard.sh: they
// were 8 of the first screen's requests).
const berthCodeMirrorFiles = ["codemirror.js", "yaml.js", "foldcode.js", "foldgutter.js", "indent-fold.js"];
let berthCodeMirrorLoaded = null;
function berthLoadCodeMirror() {
  if (berthCodeMirrorLoaded) return berthCodeMirrorLoaded;
  const base = "_content/Berth.Web/vendor/codemirror/";
  for (const css of ["codemirror.css", "foldgutter.css", "material-darker.css"]) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = base + css;
    // Before berth.css, so that Berth's rules keep winning as when these were in the page's head.
    const ours = document.querySelector('link[href$="berth.css"]');
    document.head.insertBefore(link, ours);
  }
  // In order: each addon needs CodeMirror itself.
  berthCodeMirrorLoaded = berthCodeMirrorFiles.reduce((previous, file) => previous.then(() => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = base + file;
    script.onload = resolve;
    script.onerror = () => reject(new Error("could not load " + file));
    document.head.appendChild(script);
  })), Promise.resolve());
  return berthCodeMirrorLoaded;
}

window.berthEditor = {
  async create(textarea, text, readOnly) {
    await berthLoadCodeMirror();
    const dark = document.documentElement.dataset.theme === "dark";
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
