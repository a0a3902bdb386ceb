using System.Collections.Concurrent;
using System.Dynamic;
using System.Text.Json;
using Acornima.Ast;
using IntellyHub.Workflows.Execution;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace IntellyHub.Workflows.Expressions.JavaScript;

/// <summary>
/// JavaScript expressions run by Jint, with the workflow reachable from the script:
/// <c>getVariable(name)</c>/<c>setVariable(name, value)</c>, <c>variables.name</c>, <c>getName()</c>/<c>setName(v)</c>
/// per declared variable, <c>getInput(name)</c> and <c>input</c> (workflow input), <c>getOutputFrom(activity, output)</c>,
/// <c>getLastResult()</c>, <c>getWorkflowInstanceId()</c>, <c>getCorrelationId()</c>/<c>setCorrelationId(v)</c>,
/// <c>getWorkflowDefinitionId()</c>, <c>isNullOrEmpty</c>, <c>isNullOrWhiteSpace</c>, <c>toJson</c>, <c>parseGuid</c>,
/// <c>newGuid</c>, <c>newGuidString</c>, <c>newShortGuid</c>. Scripts cannot reach .NET types. Each evaluation is limited in
/// time, statements, memory and recursion (<see cref="JavaScriptOptions"/>).
/// </summary>
public sealed class JavaScriptExpressionEvaluator(JavaScriptOptions options) : IExpressionEvaluator
{
    private readonly ConcurrentDictionary<string, Prepared<Script>> _scripts = new(StringComparer.Ordinal);
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public JavaScriptExpressionEvaluator() : this(new JavaScriptOptions()) { }

    public string Syntax => ExpressionSyntax.JavaScript;

    public ExpressionDescriptor Descriptor { get; } = new(ExpressionSyntax.JavaScript, "JavaScript", IsBrowsable: true,
        new Dictionary<string, object> { ["MonacoLanguage"] = "javascript" });

    /// <inheritdoc />
    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ActivityExecutionContext context) =>
        new(Evaluate(expression.ValueAsText() ?? "", context, configure: null));

    /// <summary>Runs a script; <paramref name="configure"/> can add globals (e.g. <c>setOutcome</c>).</summary>
    public object? Evaluate(string script, ActivityExecutionContext context, Action<Engine>? configure)
    {
        if (string.IsNullOrWhiteSpace(script)) return null;
        var prepared = Prepare(script);
        // Disposing the engine disposes its time limit's timer; an undisposed one stays queued until it fires.
        using var engine = CreateEngine(context.CancellationToken);
        var variables = Bind(engine, script, context);
        configure?.Invoke(engine);
        try
        {
            var result = engine.Evaluate(in prepared);
            WriteBack(variables, context);
            return ToClr(result);
        }
        catch (JavaScriptException exception)
        {
            throw new ExpressionException($"JavaScript error: {exception.Message}", exception);
        }
        catch (StatementsCountOverflowException exception)
        {
            throw new ExpressionException($"The script was stopped after {options.MaxStatements} statements.", exception);
        }
        catch (MemoryLimitExceededException exception)
        {
            throw new ExpressionException($"The script was stopped: it used more than {options.MemoryLimitBytes} bytes.", exception);
        }
        catch (RecursionDepthOverflowException exception)
        {
            throw new ExpressionException($"The script was stopped: calls nested deeper than {options.MaxRecursionDepth}.", exception);
        }
        catch (TimeoutException exception)
        {
            throw new ExpressionException($"The script was stopped after {options.Timeout.TotalMilliseconds:0} ms.", exception);
        }
        catch (ExecutionCanceledException exception)
        {
            throw new OperationCanceledException("The script was cancelled.", exception, context.CancellationToken);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(Expression expression)
    {
        var script = expression.ValueAsText();
        if (string.IsNullOrWhiteSpace(script)) return [];
        try
        {
            Prepare(script);
            return [];
        }
        catch (Exception exception) when (exception is Acornima.ParseErrorException or ExpressionException)
        {
            return [exception.Message];
        }
    }

    private Prepared<Script> Prepare(string script)
    {
        if (_scripts.TryGetValue(script, out var prepared)) return prepared;
        try
        {
            prepared = Engine.PrepareScript(script);
        }
        catch (Exception exception) when (exception is Acornima.ParseErrorException or ScriptPreparationException)
        {
            var message = (exception.InnerException as Acornima.ParseErrorException ?? exception).Message;
            throw new ExpressionException($"JavaScript syntax error: {message}", exception);
        }

        if (_scripts.Count >= options.ScriptCacheSize) _scripts.Clear();
        _scripts[script] = prepared;
        return prepared;
    }

    private Engine CreateEngine(CancellationToken cancellationToken) => new(o =>
    {
        o.TimeoutInterval(options.Timeout);
        o.MaxStatements(options.MaxStatements);
        o.LimitMemory(options.MemoryLimitBytes);
        o.LimitRecursion(options.MaxRecursionDepth);
        if (cancellationToken.CanBeCanceled) o.CancellationToken(cancellationToken);
        o.Strict = false;
    });

    // Each global is bound only when the script names it (a script reaching globals indirectly gets all of them):
    // binding is most of what an evaluation costs. Functions are plain ClrFunctions, so no reflection per binding.
    private static VariablesSnapshot? Bind(Engine engine, string script, ActivityExecutionContext context)
    {
        var workflow = context.WorkflowExecutionContext;
        var all = ReachesGlobalsIndirectly(script);
        bool Names(string name) => all || script.Contains(name, StringComparison.Ordinal);

        void Define(string name, Func<JsValue[], JsValue> body)
        {
            if (Names(name))
                engine.SetValue(name, new ClrFunction(engine, name, (_, arguments) => body(arguments)));
        }

        Define("getVariable", a => ToJs(engine, workflow.GetVariable(Text(a, 0) ?? "")));
        Define("setVariable", a =>
        {
            workflow.SetVariable(Text(a, 0) ?? "", ToClr(Argument(a, 1)));
            return JsValue.Undefined;
        });
        JsValue GetInput(JsValue[] a) => ToJs(engine, workflow.Input.TryGetValue(Text(a, 0) ?? "", out var v) ? v : null);
        Define("getInput", GetInput);
        Define("getWorkflowInput", GetInput);
        Define("getOutputFrom", a =>
        {
            var output = Text(a, 1);
            return ToJs(engine, workflow.GetActivityOutput(Text(a, 0) ?? "", string.IsNullOrEmpty(output) ? "Result" : output));
        });
        Define("getLastResult", _ => ToJs(engine, workflow.LastResult));
        Define("getWorkflowInstanceId", _ => workflow.InstanceId);
        Define("getWorkflowDefinitionId", _ => workflow.Workflow.DefinitionId);
        Define("getWorkflowDefinitionVersion", _ => workflow.Workflow.DefinitionVersion);
        Define("getCorrelationId", _ => workflow.CorrelationId is { } id ? id : JsValue.Null);
        Define("setCorrelationId", a =>
        {
            workflow.CorrelationId = Text(a, 0);
            return JsValue.Undefined;
        });
        Define("isNullOrEmpty", a => Argument(a, 0) is var v && (v.IsNull() || v.IsUndefined() || (v.IsString() && v.AsString().Length == 0)));
        Define("isNullOrWhiteSpace", a => Argument(a, 0) is var v && (v.IsNull() || v.IsUndefined() || (v.IsString() && string.IsNullOrWhiteSpace(v.AsString()))));
        Define("toJson", a => JsonSerializer.Serialize(ToClr(Argument(a, 0)), JsonOptions));
        Define("parseGuid", a => Guid.Parse(Text(a, 0) ?? "").ToString());
        JsValue NewGuid(JsValue[] _) => Guid.NewGuid().ToString();
        Define("newGuid", NewGuid);
        Define("newGuidString", NewGuid);
        Define("newShortGuid", _ => Guid.NewGuid().ToString("N")[..12]);
        if (Names("input"))
            engine.SetValue("input", ToJs(engine, ToExpando(workflow.Input)));

        foreach (var variable in workflow.Workflow.Graph.Variables)
        {
            var accessor = ToPascal(variable.Name);
            if (accessor.Length == 0) continue;
            var id = variable.Id;
            Define("get" + accessor, _ => ToJs(engine, workflow.GetVariable(id)));
            Define("set" + accessor, a =>
            {
                workflow.SetVariable(id, ToClr(Argument(a, 0)));
                return JsValue.Undefined;
            });
        }

        if (!Names("variables")) return null;
        var snapshot = new VariablesSnapshot();
        foreach (var (name, value) in workflow.GetVariablesByName())
        {
            snapshot.Values[name] = ToExpandoValue(value);
            snapshot.Originals[name] = Fingerprint(value);
        }

        engine.SetValue("variables", snapshot.Values);
        return snapshot;
    }

    // Names built at run time (globalThis[...], this[...], eval, new Function) cannot be seen in the text.
    private static bool ReachesGlobalsIndirectly(string script) =>
        script.Contains("globalThis", StringComparison.Ordinal) || script.Contains("this[", StringComparison.Ordinal) ||
        script.Contains("eval", StringComparison.Ordinal) || script.Contains("Function", StringComparison.Ordinal);

    private static JsValue Argument(JsValue[] arguments, int index) => index < arguments.Length ? arguments[index] : JsValue.Undefined;

    // Text of an argument as a .NET string parameter would receive it: null/undefined stay null, anything else is converted.
    private static string? Text(JsValue[] arguments, int index) =>
        Argument(arguments, index) is var value && (value.IsNull() || value.IsUndefined()) ? null : TypeConverter.ToString(value);

    // Assignments to variables.x (also nested ones) are written back; variables the script did not change
    // through the object are left alone, so a value set by setVariable/setX in the same script stands.
    private static void WriteBack(VariablesSnapshot? snapshot, ActivityExecutionContext context)
    {
        if (snapshot is null) return;
        foreach (var (name, value) in snapshot.Values)
        {
            var normalized = ToClr(value);
            if (snapshot.Originals.TryGetValue(name, out var original) && original == Fingerprint(normalized)) continue;
            context.WorkflowExecutionContext.SetVariable(name, normalized);
        }
    }

    private static string Fingerprint(object? value) => JsonSerializer.Serialize(ToClr(ValueConverter.ToPlain(value)), JsonOptions);

    private sealed class VariablesSnapshot
    {
        public IDictionary<string, object?> Values { get; } = new ExpandoObject();
        public Dictionary<string, string> Originals { get; } = new(StringComparer.Ordinal);
    }

    private static string ToPascal(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_')) return "";
        foreach (var c in name)
            if (!char.IsLetterOrDigit(c) && c != '_') return "";
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static JsValue ToJs(Engine engine, object? value) => JsValue.FromObject(engine, ToExpandoValue(value));

    private static object? ToExpandoValue(object? value) => ValueConverter.ToPlain(value) switch
    {
        Dictionary<string, object?> dictionary => ToExpando(dictionary),
        List<object?> list => list.Select(ToExpandoValue).ToArray(),
        var plain => plain,
    };

    private static ExpandoObject ToExpando(IDictionary<string, object?> dictionary)
    {
        IDictionary<string, object?> expando = new ExpandoObject();
        foreach (var (key, value) in dictionary) expando[key] = ToExpandoValue(value);
        return (ExpandoObject)expando;
    }

    /// <summary>CLR form of a script value: objects become dictionaries, arrays lists, integral numbers integers.</summary>
    internal static object? ToClr(object? value) => value switch
    {
        null => null,
        JsValue js when js.IsNull() || js.IsUndefined() => null,
        JsValue js => ToClr(js.ToObject()),
        double d when d % 1 == 0 && d is >= int.MinValue and <= int.MaxValue => (int)d,
        double d when d % 1 == 0 && d is >= long.MinValue and <= long.MaxValue => (long)d,
        ExpandoObject expando => ((IDictionary<string, object?>)expando).ToDictionary(p => p.Key, p => ToClr(p.Value)),
        IDictionary<string, object?> dictionary => dictionary.ToDictionary(p => p.Key, p => ToClr(p.Value)),
        object?[] array => array.Select(ToClr).ToList(),
        _ => value,
    };
}
