using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Expressions;

public sealed class LiquidExpressionTests
{
    private static List<Variable> Variables() =>
    [
        new("v-name", "CustomerName", "String", "ada"),
        new("v-count", "Count", "Int32", "3"),
        new("v-items", "Items", "Object", """["a","b","c"]""") { IsArray = true },
    ];

    private static Task<object?> RenderAsync(WorkflowTestHost host, string template, Type? targetType = null, RunWorkflowOptions? options = null) =>
        ExpressionRunner.EvaluateAsync(host, Expression.Liquid(template), targetType ?? typeof(string), Variables(), options);

    [Fact]
    public async Task Variables_ByName()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("Hello ada, you have 3", await RenderAsync(host, "Hello {{ Variables.CustomerName }}, you have {{ Variables.Count }}"));
    }

    [Fact]
    public async Task Filters_Apply()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("ADA", await RenderAsync(host, "{{ Variables.CustomerName | upcase }}"));
        Assert.Equal("Ada", await RenderAsync(host, "{{ Variables.CustomerName | capitalize }}"));
        Assert.Equal("5", await RenderAsync(host, "{{ Variables.Count | plus: 2 }}"));
    }

    [Fact]
    public async Task Loops_OverArrayVariable()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("a,b,c,", await RenderAsync(host, "{% for x in Variables.Items %}{{ x }},{% endfor %}"));
    }

    [Fact]
    public async Task Loops_OverInputList()
    {
        using var host = new WorkflowTestHost();
        var options = new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["lines"] = new List<object?> { "x", 2 } } };

        Assert.Equal("x;2;", await RenderAsync(host, "{% for l in Input.lines %}{{ l }};{% endfor %}", options: options));
    }

    [Fact]
    public async Task Input_AndWorkflowIdentity()
    {
        using var host = new WorkflowTestHost();
        var options = new RunWorkflowOptions
        {
            InstanceId = "inst-1",
            CorrelationId = "corr-1",
            Input = new Dictionary<string, object?> { ["orderId"] = "A-1" },
        };

        Assert.Equal("A-1 inst-1 corr-1", await RenderAsync(host, "{{ Input.orderId }} {{ WorkflowInstanceId }} {{ CorrelationId }}", options: options));
    }

    [Fact]
    public async Task Result_IsConvertedToTargetType()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(6, await RenderAsync(host, "{{ Variables.Count | times: 2 }}", typeof(int)));
    }

    [Fact]
    public async Task MissingValue_RendersEmpty()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("[]", await RenderAsync(host, "[{{ Variables.Nope }}]"));
    }

    [Fact]
    public async Task SyntaxError_Faults()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.Liquid("{% if x %}never closed"), typeof(string), Variables());

        Assert.StartsWith("Liquid syntax error:", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsSyntaxErrors()
    {
        using var host = new WorkflowTestHost();
        var evaluator = host.Services.GetService(typeof(ExpressionEvaluator)) as ExpressionEvaluator;

        var liquid = evaluator!.Find("Liquid")!;

        Assert.Empty(liquid.Validate(Expression.Liquid("{{ a | upcase }}")));
        Assert.Single(liquid.Validate(Expression.Liquid("{{ a ")));
    }

    [Fact]
    public async Task LongLoop_IsStoppedByStepLimit()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.Liquid("{% for i in (1..99999) %}{% for j in (1..99999) %}x{% endfor %}{% endfor %}"), typeof(string), Variables());

        Assert.StartsWith("Liquid error:", incident.Message);
        Assert.Equal("ok", await RenderAsync(host, "ok"));
    }

    [Fact]
    public async Task HugeLiteralRange_IsRejectedBeforeRendering()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.Liquid("{% for i in (1..100000000) %}x{% endfor %}"), typeof(string), Variables());

        Assert.Equal("Liquid range (1..100000000) is larger than 100000 items.", incident.Message);
    }
}
