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
    private readonly ConcurrentDictionary<string, CompiledScript> _scripts = new(StringComparer.Ordinal);
    private readonly JavaScriptEnginePool _engines = new(options, binding => BindFunctions(binding, namedIn: null));
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
        var compiled = Prepare(script);
        if (configure is null && compiled.RunsOnPooledEngine) return EvaluateOnPooledEngine(compiled, context);
        // Disposing the engine disposes its time limit's timer; an undisposed one stays queued until it fires.
        using var engine = CreateEngine(context.CancellationToken);
        var binding = new ScriptBinding(engine) { Workflow = context.WorkflowExecutionContext };
        BindFunctions(binding, compiled.ReachesGlobalsIndirectly ? null : compiled.Text);
        return Run(binding, compiled, context, configure);
    }

    private object? EvaluateOnPooledEngine(CompiledScript compiled, ActivityExecutionContext context)
    {
        var pooled = _engines.Rent();
        var reusable = false;
        var threw = false;
        pooled.Begin(options.Timeout, context.CancellationToken);
        pooled.Binding.Workflow = context.WorkflowExecutionContext;
        try
        {
            var result = Run(pooled.Binding, compiled, context, configure: null);
            // A function handed out (as a delegate) would run on the engine later, maybe while it serves another script.
            reusable = !HoldsFunction(result);
            return result;
        }
        catch (ExpressionException exception) when (exception.InnerException is JavaScriptException)
        {
            // A script error (a throw, a TypeError…) leaves the engine as usable as a result does; a stopped script does not.
            reusable = true;
            threw = true;
            throw;
        }
        finally
        {
            if (reusable)
            {
                // Globals are restored only when something could have changed them (restoring rebuilds the global object's table).
                var restore = threw || compiled.MayChangeGlobals || pooled.Binding.GlobalsAdded;
                if (threw) pooled.Engine.Advanced.ResetCallStack();
                pooled.Binding.Workflow = null;
                pooled.Binding.GlobalsAdded = false;
                if (pooled.TryReset(restore)) _engines.Return(pooled);
                else pooled.Dispose();
            }
            else
            {
                // Left to the result (or to the error): not reused, like an engine made for one script.
                pooled.End();
                pooled.Dispose();
            }
        }
    }

    private object? Run(ScriptBinding binding, CompiledScript compiled, ActivityExecutionContext context, Action<Engine>? configure)
    {
        var engine = binding.Engine;
        var variables = BindWorkflowGlobals(binding, compiled, context);
        configure?.Invoke(engine);
        try
        {
            var prepared = compiled.Prepared;
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

    private CompiledScript Prepare(string script)
    {
        if (_scripts.TryGetValue(script, out var compiled)) return compiled;
        try
        {
            var prepared = Engine.PrepareScript(script);
            var indirect = ReachesGlobalsIndirectly(script);
            compiled = prepared.Program is { } program && SharedEngineSafety.Allows(program)
                ? new CompiledScript(script, prepared, indirect, RunsOnPooledEngine: true, SharedEngineSafety.MayChangeGlobals(program))
                : new CompiledScript(script, prepared, indirect, RunsOnPooledEngine: false, MayChangeGlobals: true);
        }
        catch (Exception exception) when (exception is Acornima.ParseErrorException or ScriptPreparationException)
        {
            var message = (exception.InnerException as Acornima.ParseErrorException ?? exception).Message;
            throw new ExpressionException($"JavaScript syntax error: {message}", exception);
        }

        if (_scripts.Count >= options.ScriptCacheSize) _scripts.Clear();
        _scripts[script] = compiled;
        return compiled;
    }

    private Engine CreateEngine(CancellationToken cancellationToken) => new(o =>
    {
        options.ApplyLimits(o);
        o.TimeoutInterval(options.Timeout);
        if (cancellationToken.CanBeCanceled) o.CancellationToken(cancellationToken);
    });

    /// <summary>
    /// Binds the workflow functions (getVariable, getOutputFrom, …) to <paramref name="binding"/>: those a script names,
    /// or all of them when <paramref name="namedIn"/> is null (a script reaching globals indirectly; a pooled engine,
    /// bound once). Functions are plain ClrFunctions, so no reflection per binding.
    /// </summary>
    private static void BindFunctions(ScriptBinding binding, string? namedIn)
    {
        foreach (var (name, body) in Functions)
            if (namedIn is null || namedIn.Contains(name, StringComparison.Ordinal))
                binding.Engine.SetValue(name, Function(binding, name, body));
    }

    // In a method of its own: a lambda in the loop above would allocate its closure on every iteration.
    private static ClrFunction Function(ScriptBinding binding, string name, Func<ScriptBinding, JsValue[], JsValue> body) =>
        new(binding.Engine, name, (_, arguments) => body(binding, arguments));

    // The globals that depend on the workflow (input, variables, getX/setX per variable), each only when the script
    // names it (all when it reaches globals indirectly).
    private static VariablesSnapshot? BindWorkflowGlobals(ScriptBinding binding, CompiledScript compiled, ActivityExecutionContext context)
    {
        var engine = binding.Engine;
        var workflow = context.WorkflowExecutionContext;
        var script = compiled.Text;
        var all = compiled.ReachesGlobalsIndirectly;
        if (all || script.Contains("input", StringComparison.Ordinal))
        {
            engine.SetValue("input", ToJsObject(engine, workflow.Input));
            binding.GlobalsAdded = true;
        }

        foreach (var variable in workflow.Workflow.Graph.Variables)
        {
            // getX()/setX(v) for a variable named x or X: skipped unless the script has the name (less its first letter).
            if (variable.Name.Length == 0 || !(all || script.AsSpan().Contains(variable.Name.AsSpan(1), StringComparison.Ordinal))) continue;
            var accessor = ToPascal(variable.Name);
            if (accessor.Length == 0) continue;
            if (all || script.Contains("get" + accessor, StringComparison.Ordinal)) BindGetter(binding, workflow, "get" + accessor, variable.Id);
            if (all || script.Contains("set" + accessor, StringComparison.Ordinal)) BindSetter(binding, workflow, "set" + accessor, variable.Id);
        }

        if (!(all || script.Contains("variables", StringComparison.Ordinal))) return null;
        var snapshot = new VariablesSnapshot();
        foreach (var (name, value) in workflow.GetVariablesByName())
        {
            snapshot.Values[name] = ToExpandoValue(value);
            snapshot.Originals[name] = Fingerprint(value);
        }

        engine.SetValue("variables", snapshot.Values);
        binding.GlobalsAdded = true;
        return snapshot;
    }

    private static void BindGetter(ScriptBinding binding, WorkflowExecutionContext workflow, string name, string variableId)
    {
        var engine = binding.Engine;
        engine.SetValue(name, new ClrFunction(engine, name, (_, _) => ToJs(engine, workflow.GetVariable(variableId))));
        binding.GlobalsAdded = true;
    }

    private static void BindSetter(ScriptBinding binding, WorkflowExecutionContext workflow, string name, string variableId)
    {
        binding.Engine.SetValue(name, new ClrFunction(binding.Engine, name, (_, arguments) =>
        {
            workflow.SetVariable(variableId, ToClr(Argument(arguments, 0)));
            return JsValue.Undefined;
        }));
        binding.GlobalsAdded = true;
    }

    private static readonly (string Name, Func<ScriptBinding, JsValue[], JsValue> Body)[] Functions =
    [
        ("getVariable", static (s, a) => ToJs(s.Engine, s.Workflow!.GetVariable(Text(a, 0) ?? ""))),
        ("setVariable", static (s, a) =>
        {
            s.Workflow!.SetVariable(Text(a, 0) ?? "", ToClr(Argument(a, 1)));
            return JsValue.Undefined;
        }),
        ("getInput", GetInput),
        ("getWorkflowInput", GetInput),
        ("getOutputFrom", static (s, a) =>
        {
            var output = Text(a, 1);
            return ToJs(s.Engine, s.Workflow!.GetActivityOutput(Text(a, 0) ?? "", string.IsNullOrEmpty(output) ? "Result" : output));
        }),
        ("getLastResult", static (s, _) => ToJs(s.Engine, s.Workflow!.LastResult)),
        ("getWorkflowInstanceId", static (s, _) => s.Workflow!.InstanceId),
        ("getWorkflowDefinitionId", static (s, _) => s.Workflow!.Workflow.DefinitionId),
        ("getWorkflowDefinitionVersion", static (s, _) => s.Workflow!.Workflow.DefinitionVersion),
        ("getCorrelationId", static (s, _) => s.Workflow!.CorrelationId is { } id ? id : JsValue.Null),
        ("setCorrelationId", static (s, a) =>
        {
            s.Workflow!.CorrelationId = Text(a, 0);
            return JsValue.Undefined;
        }),
        ("isNullOrEmpty", static (_, a) => Argument(a, 0) is var v && (v.IsNull() || v.IsUndefined() || (v.IsString() && v.AsString().Length == 0))),
        ("isNullOrWhiteSpace", static (_, a) => Argument(a, 0) is var v && (v.IsNull() || v.IsUndefined() || (v.IsString() && string.IsNullOrWhiteSpace(v.AsString())))),
        ("toJson", static (_, a) => JsonSerializer.Serialize(ToClr(Argument(a, 0)), JsonOptions)),
        ("parseGuid", static (_, a) => Guid.Parse(Text(a, 0) ?? "").ToString()),
        ("newGuid", NewGuid),
        ("newGuidString", NewGuid),
        ("newShortGuid", static (_, _) => Guid.NewGuid().ToString("N")[..12]),
    ];

    private static JsValue GetInput(ScriptBinding binding, JsValue[] arguments) =>
        ToJs(binding.Engine, binding.Workflow!.Input.TryGetValue(Text(arguments, 0) ?? "", out var value) ? value : null);

    private static JsValue NewGuid(ScriptBinding binding, JsValue[] arguments) => Guid.NewGuid().ToString();

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

    /// <summary>
    /// A parsed script and what its text tells once: whether it reaches globals indirectly (then every global is bound),
    /// may run on a pooled engine and may change its globals (see <see cref="SharedEngineSafety"/>).
    /// </summary>
    private sealed record CompiledScript(string Text, Prepared<Script> Prepared, bool ReachesGlobalsIndirectly, bool RunsOnPooledEngine, bool MayChangeGlobals);

    // Whether a script's result (as ToClr gives it) holds a function, which stays tied to the engine that made it.
    private static bool HoldsFunction(object? value) => value switch
    {
        Delegate => true,
        Dictionary<string, object?> dictionary => dictionary.Values.Any(HoldsFunction),
        List<object?> list => list.Exists(HoldsFunction),
        _ => false,
    };

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

    // Workflow data as script values: objects and arrays become plain JavaScript ones (copies: a script changing them
    // changes nothing in the workflow), anything else is converted by Jint.
    private static JsValue ToJs(Engine engine, object? value) => ValueConverter.ToPlain(value) switch
    {
        Dictionary<string, object?> dictionary => ToJsObject(engine, dictionary),
        List<object?> list => ToJsArray(engine, list),
        var plain => JsValue.FromObject(engine, plain),
    };

    private static JsObject ToJsObject(Engine engine, IDictionary<string, object?> dictionary)
    {
        var result = new JsObject(engine);
        foreach (var (key, item) in dictionary) result.CreateDataProperty(key, ToJs(engine, item));
        return result;
    }

    private static JsArray ToJsArray(Engine engine, List<object?> list)
    {
        var items = new JsValue[list.Count];
        for (var i = 0; i < items.Length; i++) items[i] = ToJs(engine, list[i]);
        return new JsArray(engine, items);
    }

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
