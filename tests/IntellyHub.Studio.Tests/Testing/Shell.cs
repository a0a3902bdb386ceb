using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IntellyHub.Studio.Tests.Testing;

/// <summary>What a person does in the web app, step by step, with the selectors of the shell and of Studio 3.8.2.</summary>
public static class Shell
{
    /// <summary>Long enough for Blazor to start on a busy 2-core machine.</summary>
    public const float StudioTimeout = 60_000;

    /// <summary>The designer's toolbox is ready: its category panels are drawn.</summary>
    public const string ToolboxCategory = ".mud-expand-panel-header";

    static Shell() => SetDefaultExpectTimeout(StudioTimeout);

    /// <summary>Fills the login form and signs in (the page must show it).</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.Locator("input[name=email]").FillAsync(email);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("[data-test=sign-in]").ClickAsync();
    }

    /// <summary>Waits until the designer shows its toolbox (Studio started, definition and descriptors loaded).</summary>
    public static Task WaitForToolboxAsync(IPage page) =>
        Expect(page.Locator(ToolboxCategory).Filter(new LocatorFilterOptions { HasText = "Console" })).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = StudioTimeout });

    /// <summary>A node on the designer's canvas by its name (e.g. WriteLine1).</summary>
    public static ILocator Node(IPage page, string name) => page.Locator($".x6-node:has-text(\"{name}\")").First;

    /// <summary>Drags the toolbox entry <paramref name="activity"/> of <paramref name="category"/> onto the canvas at (x, y) of the canvas.</summary>
    public static async Task DropActivityAsync(IPage page, string category, string activity, float x, float y)
    {
        var entry = page.Locator($"div[draggable=true]:has-text(\"{activity}\")").First;
        if (!await entry.IsVisibleAsync()) await page.Locator(ToolboxCategory).Filter(new LocatorFilterOptions { HasText = category }).ClickAsync();
        await entry.DragToAsync(page.Locator(".x6-graph-svg").First, new LocatorDragToOptions { TargetPosition = new TargetPosition { X = x, Y = y } });
    }

    /// <summary>Draws a connection from <paramref name="port"/> of one node to the In port of another, with the mouse.</summary>
    public static async Task ConnectAsync(IPage page, string from, string port, string to)
    {
        var source = await Node(page, from).Locator($"[port={port}]").BoundingBoxAsync() ?? throw new InvalidOperationException($"{from} has no visible port {port}.");
        var target = await Node(page, to).Locator("[port=In]").BoundingBoxAsync() ?? throw new InvalidOperationException($"{to} has no visible In port.");
        await page.Mouse.MoveAsync(source.X + source.Width / 2, source.Y + source.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(target.X + target.Width / 2, target.Y + target.Height / 2, new MouseMoveOptions { Steps = 25 });
        await page.Mouse.UpAsync();
    }

    /// <summary>The row of an activity input in the designer's Input tab, by its label.</summary>
    public static ILocator InputRow(IPage page, string label) =>
        page.Locator($"div[role=group].flex-row:has(legend:text-is(\"{label}\"))").Last;

    /// <summary>Types a literal into a single-line input of the selected activity.</summary>
    public static async Task SetLiteralAsync(IPage page, string label, string value)
    {
        var input = InputRow(page, label).Locator("input").First;
        await input.ClickAsync();
        await input.FillAsync(value);
        await page.Keyboard.PressAsync("Tab");
    }

    /// <summary>Switches an input of the selected activity to <paramref name="syntax"/> and types the script into its Monaco editor.</summary>
    public static async Task SetScriptAsync(IPage page, string label, string syntax, string script)
    {
        await InputRow(page, label).Locator(".mud-menu-icon-button-activator").ClickAsync();
        await page.Locator($".mud-popover-open :text-is(\"{syntax}\")").First.ClickAsync();
        var editor = InputRow(page, label).Locator(".monaco-editor").First;
        await editor.ClickAsync();
        await page.Keyboard.TypeAsync(script);
        await page.Keyboard.PressAsync("Escape"); // closes Monaco's suggestion box, if one opened
    }

    /// <summary>Studio's toolbar button that publishes (the first button of the publish group).</summary>
    public static ILocator PublishButton(IPage page) => page.Locator(".mud-button-group-root button.mud-primary-text").First;

    /// <summary>Saves a screenshot under the test output's artifacts folder and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(StudioFixture.ArtifactsFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }
}
