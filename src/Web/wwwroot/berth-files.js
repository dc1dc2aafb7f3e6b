// Small browser chores the Team page asks for through JS interop: put a text on the clipboard, and
// hand a text to the user as a downloaded file (a kubeconfig), without a round trip to a URL.
window.berthFiles = {
  async copy(text) {
    await navigator.clipboard.writeText(text);
    return true;
  },
  download(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type: type || "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
};
