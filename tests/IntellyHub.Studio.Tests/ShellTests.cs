using System.Text.RegularExpressions;
using IntellyHub.Studio.Tests.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace IntellyHub.Studio.Tests;

/// <summary>The shell around Studio in Chromium: real URLs, the session, roles, the theme.</summary>
[Collection(StudioCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class ShellTests(StudioFixture studio, ITestOutputHelper output)
{
    [Fact]
    public async Task Reloading_a_deep_link_keeps_the_page_and_the_session()
    {
        var definitionId = await StudioServer.CreateDefinitionAsync(studio.Admin, "Deep link flow " + Guid.NewGuid().ToString("N")[..6], publish: true, "hello");
        await using var context = await studio.NewContextAsync();
        var page = await context.NewPageAsync();
        var recorder = new PageRecorder(page, studio.Server.BaseAddress, output);

        await page.GotoAsync("/app/login");
        await Shell.SignInAsync(page, StudioServer.AdminEmail, StudioServer.AdminPassword);
        await page.WaitForURLAsync("**/app/workflows");

        await page.GotoAsync($"/app/workflows/{definitionId}");
        await Shell.WaitForToolboxAsync(page);
        await page.ReloadAsync();
        Assert.EndsWith($"/app/workflows/{definitionId}", page.Url);
        await Shell.WaitForToolboxAsync(page);
        await Expect(Shell.Node(page, "WriteLine1")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test=publish-state]")).ToHaveTextAsync("Published");

        await page.GotoAsync("/app/instances");
        await page.ReloadAsync();
        await Expect(page.Locator("[data-test=nav-instances]")).ToHaveClassAsync(new Regex("router-link-active"));
        await Expect(page.GetByText("Every run, newest first.")).ToBeVisibleAsync();
        await recorder.AssertCleanAsync();
    }

    [Fact]
    public async Task After_signing_out_going_back_shows_the_login_page_not_the_data()
    {
        var name = "Private flow " + Guid.NewGuid().ToString("N")[..6];
        await StudioServer.CreateDefinitionAsync(studio.Admin, name, publish: false, "secret");
        await using var context = await studio.NewContextAsync();
        var page = await context.NewPageAsync();
        var recorder = new PageRecorder(page, studio.Server.BaseAddress, output);

        await page.GotoAsync("/app/workflows");
        await Shell.SignInAsync(page, StudioServer.AdminEmail, StudioServer.AdminPassword);
        await page.Locator("[data-test=nav-instances]").ClickAsync();
        await page.WaitForURLAsync("**/app/instances");
        await page.Locator("[data-test=nav-workflows]").ClickAsync();
        await Expect(page.GetByText(name)).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Shell.StudioTimeout });

        await page.Locator("[data-test=sign-out]").ClickAsync();
        await page.WaitForURLAsync("**/app/login");
        Assert.DoesNotContain(await context.CookiesAsync(), cookie => cookie.Name is "ih_access" or "ih_refresh");

        // Back: the page before (the instance list) is not shown again; the shell asks for a login instead.
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/app/login"));
        await Expect(page.Locator("[data-test=login-form]")).ToBeVisibleAsync();
        await Expect(page.GetByText(name)).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-test=user-email]")).ToHaveCountAsync(0);

        // Typing the address again does not show it either: the server refuses the API without the cookie.
        await page.GotoAsync("/app/workflows");
        await Expect(page).ToHaveURLAsync(new Regex("/app/login"));
        await Expect(page.GetByText(name)).ToHaveCountAsync(0);
        await recorder.AssertCleanAsync();
    }

    [Fact]
    public async Task A_viewer_sees_the_designer_read_only_and_cannot_run()
    {
        var definitionId = await StudioServer.CreateDefinitionAsync(studio.Admin, "Viewed flow " + Guid.NewGuid().ToString("N")[..6], publish: true, "look only");
        var (email, password) = await studio.Server.CreateUserAsync(studio.Admin, "viewer");
        await using var context = await studio.NewContextAsync();
        var page = await context.NewPageAsync();
        var recorder = new PageRecorder(page, studio.Server.BaseAddress, output);

        await page.GotoAsync($"/app/workflows/{definitionId}");
        await Shell.SignInAsync(page, email, password);
        await page.WaitForURLAsync($"**/app/workflows/{definitionId}");
        await Expect(page.Locator("[data-test=user-role]")).ToHaveTextAsync("viewer");
        await Shell.WaitForToolboxAsync(page);
        await Expect(Shell.Node(page, "WriteLine1")).ToBeVisibleAsync();

        // Without HATEOAS links Studio shows its read-only banner; the shell offers no Run.
        await Expect(page.GetByText(new Regex("read-only mode", RegexOptions.IgnoreCase)).First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test=read-only]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test=run]")).ToHaveCountAsync(0);
        output.WriteLine("read-only designer screenshot: " + await Shell.ScreenshotAsync(page, "designer-read-only"));

        // The definition list does not offer to create workflows either.
        await page.Locator("[data-test=nav-workflows]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create workflow" })).ToBeDisabledAsync(new LocatorAssertionsToBeDisabledOptions { Timeout = Shell.StudioTimeout });
        await recorder.AssertCleanAsync();
    }

    [Fact]
    public async Task The_theme_toggles_and_is_remembered()
    {
        await using var context = await studio.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/app/login");
        await Shell.SignInAsync(page, StudioServer.AdminEmail, StudioServer.AdminPassword);
        await page.WaitForURLAsync("**/app/workflows");

        var html = page.Locator("html");
        var before = await html.GetAttributeAsync("data-theme");
        await page.Locator("[data-test=theme-toggle]").ClickAsync();
        var after = before == "dark" ? "light" : "dark";
        await Expect(html).ToHaveAttributeAsync("data-theme", after);
        await page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", after);
        output.WriteLine("shell screenshot: " + await Shell.ScreenshotAsync(page, "workflows-" + after));
    }
}
