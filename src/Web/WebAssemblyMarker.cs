namespace Berth.Web; /// <summary>The dashboard arrives with its issue; the host already serves this assembly.</summary>
public static class WebAssemblyMarker { }
