using Stopwatch = System.Diagnostics.Stopwatch;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Scripting;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Expressions;

public sealed class JavaScriptExpressionTests
{
    private static List<Variable> Variables() =>
    [
        new("v-counter", "Counter", "Int32", "2"),
        new("v-name", "customerName", "String", "Ada"),
        new("v-data", "Data", "Object", null),
    ];

    private static Task<object?> EvalAsync(WorkflowTestHost host, string script, Type? targetType = null, RunWorkflowOptions? options = null, params Activity[] before) =>
        ExpressionRunner.EvaluateAsync(host, Expression.JavaScript(script), targetType ?? typeof(object), Variables(), options, before);

    [Fact]
    public async Task Arithmetic_IntegralResult_IsInt()
    {
        using var host = new WorkflowTestHost();

        var value = await EvalAsync(host, "20 + 22");

        Assert.Equal(42, Assert.IsType<int>(value));
    }

    [Fact]
    public async Task FractionalResult_IsDouble()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(2.5, await EvalAsync(host, "5 / 2"));
    }

    [Fact]
    public async Task Result_IsConvertedToTargetType()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("42", await EvalAsync(host, "40 + 2", typeof(string)));
        Assert.Equal(true, await EvalAsync(host, "1 < 2", typeof(bool)));
    }

    [Fact]
    public async Task GetVariable_ByName()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(3, await EvalAsync(host, "getVariable('Counter') + 1"));
    }

    [Fact]
    public async Task SetVariable_WritesConvertedValue()
    {
        using var host = new WorkflowTestHost();

        var result = await ExpressionRunner.RunAsync(host, Expression.JavaScript("setVariable('Counter', 10); setVariable('customerName', 'Grace'); 0"), typeof(object), Variables());

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(10, result.Context!.GetVariable("Counter"));
        Assert.Equal("Grace", result.Context.GetVariable("customerName"));
    }

    [Fact]
    public async Task VariablesObject_ReadsAndWritesBack()
    {
        using var host = new WorkflowTestHost();

        var result = await ExpressionRunner.RunAsync(host,
            Expression.JavaScript("variables.Counter = variables.Counter * 10; variables.customerName = variables.customerName + '!'; variables.Counter"),
            typeof(object), Variables());

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(20, result.Output["value"]);
        Assert.Equal(20, result.Context!.GetVariable("Counter"));
        Assert.Equal("Ada!", result.Context.GetVariable("customerName"));
    }

    [Fact]
    public async Task VariablesObject_ObjectAssignment_IsWrittenBackAsDictionary()
    {
        using var host = new WorkflowTestHost();

        var result = await ExpressionRunner.RunAsync(host, Expression.JavaScript("variables.Data = { total: 3, items: ['a', 'b'] }; 0"), typeof(object), Variables());

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var data = Assert.IsType<Dictionary<string, object?>>(result.Context!.GetVariable("Data"));
        Assert.Equal(3, data["total"]);
        Assert.Equal(["a", "b"], Assert.IsType<List<object?>>(data["items"]));
    }

    [Fact]
    public async Task VariablesObject_NestedMutation_IsWrittenBack()
    {
        using var host = new WorkflowTestHost();
        List<Variable> variables = [new("v-data", "Data", "Object", """{"total":1}""")];

        var result = await ExpressionRunner.RunAsync(host, Expression.JavaScript("variables.Data = JSON.parse(variables.Data); variables.Data.total = variables.Data.total + 1; 0"), typeof(object), variables);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(2, Assert.IsType<Dictionary<string, object?>>(result.Context!.GetVariable("Data"))["total"]);
    }

    [Fact]
    public async Task Accessors_GetAndSetPerVariable()
    {
        using var host = new WorkflowTestHost();

        var result = await ExpressionRunner.RunAsync(host,
            Expression.JavaScript("setCounter(getCounter() + 40); setCustomerName('Mr ' + getCustomerName()); getCounter()"),
            typeof(object), Variables());

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(42, result.Output["value"]);
        Assert.Equal(42, result.Context!.GetVariable("Counter"));
        Assert.Equal("Mr Ada", result.Context.GetVariable("customerName"));
    }

    [Fact]
    public async Task GetInput_AndInputObject_ReadWorkflowInput()
    {
        using var host = new WorkflowTestHost();
        var options = new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["orderId"] = "A-1", ["amount"] = 12 } };

        Assert.Equal("A-1/12", await EvalAsync(host, "getInput('orderId') + '/' + input.amount", options: options));
        Assert.Null(await EvalAsync(host, "getInput('missing')", options: options));
    }

    [Fact]
    public async Task GetOutputFrom_AndGetLastResult_ReadEarlierActivityOutput()
    {
        using var host = new WorkflowTestHost();
        var script = new RunJavaScript("({ total: 41 })") { Id = "compute1", Name = "Compute" };

        var value = await EvalAsync(host,
            "getOutputFrom('compute1', 'Result').total + getOutputFrom('Compute').total + getLastResult().total", before: script);

        Assert.Equal(123, value);
    }

    [Fact]
    public async Task GetWorkflowInstanceId_AndCorrelationId()
    {
        using var host = new WorkflowTestHost();
        var options = new RunWorkflowOptions { InstanceId = "inst-7", CorrelationId = "corr-9" };

        Assert.Equal("inst-7|corr-9", await EvalAsync(host, "getWorkflowInstanceId() + '|' + getCorrelationId()", options: options));
    }

    [Fact]
    public async Task SetCorrelationId_ChangesTheInstance()
    {
        using var host = new WorkflowTestHost();

        var result = await ExpressionRunner.RunAsync(host, Expression.JavaScript("setCorrelationId('c-1'); 0"), typeof(object));

        Assert.Equal("c-1", result.Context!.CorrelationId);
    }

    [Theory]
    [InlineData("isNullOrEmpty(null)", true)]
    [InlineData("isNullOrEmpty(undefined)", true)]
    [InlineData("isNullOrEmpty('')", true)]
    [InlineData("isNullOrEmpty(' ')", false)]
    [InlineData("isNullOrEmpty('x')", false)]
    [InlineData("isNullOrWhiteSpace('  ')", true)]
    [InlineData("isNullOrWhiteSpace('a')", false)]
    public async Task NullChecks(string script, bool expected)
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(expected, await EvalAsync(host, script));
    }

    [Fact]
    public async Task ToJson_SerializesObjects()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("""{"a":1,"b":["x",true],"c":null}""", await EvalAsync(host, "toJson({ a: 1, b: ['x', true], c: null })"));
    }

    [Fact]
    public async Task ObjectResult_BecomesDictionary_ArrayBecomesList()
    {
        using var host = new WorkflowTestHost();

        var value = await EvalAsync(host, "({ name: 'Ada', scores: [1, 2.5], address: { city: 'London' } })");

        var dictionary = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal("Ada", dictionary["name"]);
        Assert.Equal([1, 2.5], Assert.IsType<List<object?>>(dictionary["scores"]));
        Assert.Equal("London", Assert.IsType<Dictionary<string, object?>>(dictionary["address"])["city"]);
        Assert.Equal(["a", 1], Assert.IsType<List<object?>>(await EvalAsync(host, "['a', 1]")));
    }

    [Fact]
    public async Task ArrayResult_ConvertsToTypedCollection()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(new[] { "a", "b" }, await EvalAsync(host, "['a', 'b']", typeof(string[])));
        var collection = await EvalAsync(host, "['x']", typeof(ICollection<string>));
        Assert.Equal(["x"], Assert.IsAssignableFrom<ICollection<string>>(collection));
    }

    [Fact]
    public async Task Undefined_IsNull()
    {
        using var host = new WorkflowTestHost();

        Assert.Null(await EvalAsync(host, "undefined"));
    }

    [Fact]
    public async Task SyntaxError_FaultsWithSyntaxMessage()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript("1 +* 2"), typeof(object));

        Assert.StartsWith("JavaScript syntax error:", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuntimeError_FaultsWithScriptMessage()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript("throw new Error('boom')"), typeof(object));

        Assert.Equal("JavaScript error: boom", incident.Message);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System.IO')")]
    [InlineData("clrHelper.getType('System.IO.File')")]
    public async Task DotNetTypes_AreNotReachable(string script)
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript(script), typeof(object));

        Assert.Contains("is not defined", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotNetNamespace_IsUndefined()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("undefined", await EvalAsync(host, "typeof System"));
    }

    [Fact]
    public async Task InfiniteLoop_StoppedByStatementLimit()
    {
        using var host = new WorkflowTestHost(b => b.ConfigureJavaScript(o => { o.MaxStatements = 10_000; o.Timeout = TimeSpan.FromSeconds(30); }));
        var watch = Stopwatch.StartNew();

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript("while(true){}"), typeof(object));

        Assert.Equal("The script was stopped after 10000 statements.", incident.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(2, await EvalAsync(host, "1 + 1"));
    }

    [Fact]
    public async Task InfiniteLoop_StoppedByTimeLimit()
    {
        using var host = new WorkflowTestHost(b => b.ConfigureJavaScript(o => { o.MaxStatements = int.MaxValue; o.Timeout = TimeSpan.FromMilliseconds(250); }));
        var watch = Stopwatch.StartNew();

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript("var i = 0; while(true){ i++; }"), typeof(object));

        Assert.Equal("The script was stopped after 250 ms.", incident.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(2, await EvalAsync(host, "1 + 1"));
    }

    [Fact]
    public async Task DeepRecursion_StoppedByRecursionLimit()
    {
        using var host = new WorkflowTestHost(b => b.ConfigureJavaScript(o => o.MaxRecursionDepth = 50));

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript("function f(n) { return f(n + 1) + 1; } f(0)"), typeof(object));

        Assert.Equal("The script was stopped: calls nested deeper than 50.", incident.Message);
        Assert.Equal(2, await EvalAsync(host, "1 + 1"));
    }

    [Fact]
    public async Task DeepRecursion_WithDefaults_IsStoppedWithoutCrashing()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript("function f() { return f(); } f()"), typeof(object));

        Assert.Contains("stopped", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryHog_StoppedByMemoryLimit()
    {
        using var host = new WorkflowTestHost(b => b.ConfigureJavaScript(o =>
        {
            o.MemoryLimitBytes = 8 * 1024 * 1024;
            o.MaxStatements = int.MaxValue;
            o.Timeout = TimeSpan.FromSeconds(20);
        }));
        var watch = Stopwatch.StartNew();

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript("var a = []; while(true) a.push(new Array(100000).fill(1))"), typeof(object));

        Assert.Equal($"The script was stopped: it used more than {8 * 1024 * 1024} bytes.", incident.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        Assert.Equal(2, await EvalAsync(host, "1 + 1"));
    }

    [Fact]
    public async Task MemoryHog_UnfilledArrays_IsStoppedByALimit()
    {
        using var host = new WorkflowTestHost(b => b.ConfigureJavaScript(o =>
        {
            o.MemoryLimitBytes = 8 * 1024 * 1024;
            o.Timeout = TimeSpan.FromSeconds(5);
        }));

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript("var a = []; while(true) a.push(new Array(100000))"), typeof(object));

        Assert.StartsWith("The script was stopped", incident.Message, StringComparison.Ordinal);
        Assert.Equal(2, await EvalAsync(host, "1 + 1"));
    }

    [Fact]
    public async Task HostileScript_InRunJavaScript_BecomesIncident()
    {
        using var host = new WorkflowTestHost(b => b.ConfigureJavaScript(o => o.MaxStatements = 1_000));
        var script = new RunJavaScript("for(;;){}") { Id = "js1" };

        var result = await host.RunAsync(script);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("js1", incident.ActivityId);
        Assert.Equal(typeof(ExpressionException).FullName, incident.Exception!.Type);
    }

    [Fact]
    public async Task ScriptsDoNotShareGlobals()
    {
        using var host = new WorkflowTestHost();

        await EvalAsync(host, "var leaked = 5; leaked");

        Assert.Equal("undefined", await EvalAsync(host, "typeof leaked"));
    }

    [Fact]
    public async Task Declarations_DoNotReachTheNextScript()
    {
        using var host = new WorkflowTestHost();

        // The same script twice: a second top-level let/const/class in one engine would be a SyntaxError.
        for (var i = 0; i < 3; i++)
            Assert.Equal(3, await EvalAsync(host, "let a = 1; const b = 2; class C {} function f() { return a + b; } f()"));
        Assert.Equal("undefined undefined undefined undefined", await EvalAsync(host, "[typeof a, typeof b, typeof C, typeof f].join(' ')"));
    }

    [Theory]
    [InlineData("Array.prototype.leaked = 'yes'; 0", "typeof [].leaked")]
    [InlineData("[].push.call(JSON, 1); 0", "typeof JSON[0]")]
    [InlineData("Object.assign(Math, { leaked: 1 }); 0", "typeof Math.leaked")]
    [InlineData("Math.max = () => 1; 0", "typeof Math.max(2, 3)")]
    public async Task ChangesToBuiltIns_DoNotReachTheNextScript(string change, string probe)
    {
        using var host = new WorkflowTestHost();

        await EvalAsync(host, change);

        Assert.Contains(await EvalAsync(host, probe), new object?[] { "undefined", "number" });
        Assert.NotEqual("yes", await EvalAsync(host, "String([].leaked)"));
        Assert.Equal(3, await EvalAsync(host, "Math.max(2, 3)"));
        Assert.Equal("undefined", await EvalAsync(host, "typeof Math.leaked"));
        Assert.Equal("undefined", await EvalAsync(host, "typeof JSON[0]"));
    }

    [Fact]
    public async Task AScriptThatThrows_LeavesNothingBehind()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.JavaScript("var leaked = 1; let also = 2; throw new Error('boom')"), typeof(object));

        Assert.Contains("boom", incident.Message, StringComparison.Ordinal);
        Assert.Equal("undefined undefined", await EvalAsync(host, "typeof leaked + ' ' + typeof also"));
        Assert.Equal(2, await EvalAsync(host, "let also = 2; also"));
    }

    [Fact]
    public async Task PatternMatches_DoNotReachTheNextScript()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("secret", await EvalAsync(host, "'a secret b'.match(/(secret)/)[1]"));

        Assert.NotEqual("secret", await EvalAsync(host, "String(RegExp.$1)"));
    }

    [Fact]
    public async Task EachEvaluation_SeesItsOwnWorkflow()
    {
        using var host = new WorkflowTestHost();
        var ids = new HashSet<string>();

        for (var i = 0; i < 5; i++)
        {
            var result = await ExpressionRunner.RunAsync(host, Expression.JavaScript("getWorkflowInstanceId()"), typeof(string));
            Assert.Equal(result.Context!.InstanceId, result.Output["value"]);
            ids.Add((string)result.Output["value"]!);
        }

        Assert.Equal(5, ids.Count);
    }

    [Fact]
    public async Task AFunctionResult_LeavesLaterEvaluationsWorking()
    {
        using var host = new WorkflowTestHost();

        Assert.IsAssignableFrom<Delegate>(await EvalAsync(host, "(n => n + 1)"));

        Assert.Equal(2, await EvalAsync(host, "1 + 1"));
    }

    [Fact]
    public async Task CancelledRun_StopsARunningScript()
    {
        using var host = new WorkflowTestHost(b => b.ConfigureJavaScript(o => { o.MaxStatements = int.MaxValue; o.Timeout = TimeSpan.FromSeconds(60); }));
        using var cancellation = new CancellationTokenSource();
        var probe = new EvaluateProbe(Expression.JavaScript("while (true) {}"), typeof(object)) { Id = "probe1" };
        var watch = Stopwatch.StartNew();

        cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));
        var result = await host.Runner.RunAsync(new Workflow(probe), cancellationToken: cancellation.Token);

        Assert.Empty(result.Incidents.Select(i => i.Message + " " + i.Exception?.Type));
        Assert.Equal(WorkflowSubStatus.Interrupted, result.SubStatus);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal(2, await EvalAsync(host, "1 + 1"));
    }

    [Theory]
    [InlineData("globalThis['get' + 'Variable']('Counter')")]
    [InlineData("this['getCounter']()")]
    [InlineData("eval('getVar' + 'iable')('Counter')")]
    [InlineData("new Function('return getCounter()')()")]
    public async Task GlobalsReachedIndirectly_AreBound(string script)
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(2, await EvalAsync(host, script));
    }

    [Fact]
    public async Task Arguments_AreConvertedLikeTextParameters()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(false, await EvalAsync(host, "isNullOrEmpty(0)"));
        Assert.Equal("7", await EvalAsync(host, "setVariable('customerName', 7); getVariable('customerName')", typeof(string)));
        Assert.Equal(2, await EvalAsync(host, "getVariable(undefined) ?? getCounter()"));
    }
}
