using Microsoft.Playwright;

namespace Berth.Web.Tests.Support;

/// <summary>Picks an option of a Radzen drop-down as a person does: open it, click the option.</summary>
internal static class Dropdowns
{
    /// <summary>
    /// Opens the drop-down named <paramref name="label"/> and clicks <paramref name="option"/>. The list
    /// is found by the combobox's aria-controls, not inside it: Radzen may move an open list to the
    /// page's body (it does when the page is tall enough that the list could be cut off).
    /// </summary>
    public static async Task ChooseAsync(IPage page, string label, string option)
    {
        var combobox = page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });
        await combobox.ClickAsync();
        var list = await combobox.GetAttributeAsync("aria-controls");
        await page.Locator($"[id='{list}'] li[aria-label='{option}']").ClickAsync();
    }
}
