using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Looping;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Looping;

public sealed class ForEachTests
{
    private static Workflow Loop(Input<object?> items, out Variable item)
    {
        item = new Variable("item", "Item", "Object", null);
        var forEach = new ForEach
        {
            Id = "forEach1",
            Items = items,
            CurrentValue = new Output<object?>(item),
            Body = new WriteLine(new Input<string>(item)),
        };
        return new Workflow(new Sequence(forEach, new WriteLine("done"))) { Variables = [item] };
    }

    [Fact]
    public async Task Execute_ArrayOfItems_RunsBodyOncePerItemInOrder()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Loop(new Input<object?>(new object?[] { "a", "b", "c" }), out _));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["a", "b", "c", "done"], host.Lines);
        Assert.Equal(3, result.Journal.Count(r => r.ActivityType == "Elsa.WriteLine" && r.ParentActivityInstanceId != null && (string?)r.Inputs["Text"] != "done"));
    }

    [Fact]
    public async Task Execute_CommaSeparatedString_SplitsIntoItems()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Loop(new Input<object?>("x, y"), out _));

        Assert.Equal(["x", "y", "done"], host.Lines);
    }

    [Fact]
    public async Task Execute_JavaScriptArray_IteratesValues()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Loop(Input<object?>.JavaScript("[10, 20, 30]"), out _));

        Assert.Equal(["10", "20", "30", "done"], host.Lines);
        Assert.Equal(30, result.Context!.GetVariable("Item"));
    }

    [Fact]
    public async Task Execute_EmptyCollection_CompletesWithoutRunningBody()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Loop(new Input<object?>(Array.Empty<object?>()), out _));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["done"], host.Lines);
    }

    [Fact]
    public async Task Execute_BodyWaits_ContinuesWithNextItemAfterResume()
    {
        using var host = new WorkflowTestHost();
        var item = new Variable("item", "Item", "Object", null);
        var forEach = new ForEach
        {
            Items = new Input<object?>(new object?[] { "first", "second" }),
            CurrentValue = new Output<object?>(item),
            Body = new Sequence(new Event("next"), new WriteLine(new Input<string>(item))),
        };
        var workflow = new Workflow(forEach) { Variables = [item] };

        var result = await host.RunAsync(workflow);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
            result = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(result.State), Assert.Single(result.Bookmarks).Id);
        }

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["first", "second"], host.Lines);
    }
}
