using System.Collections.Frozen;
using Acornima;
using Acornima.Ast;

namespace IntellyHub.Workflows.Expressions.JavaScript;

/// <summary>
/// Decides from a script's syntax whether it may run on a pooled engine: whether it could leave a change behind that
/// restoring the globals does not undo. Such changes go to the built-in objects (<c>Array.prototype.x = …</c>,
/// <c>Object.assign(Math, …)</c>, <c>[].push.call(JSON, 1)</c>) or come from code built at run time, which cannot be
/// read here (<c>eval</c>, <c>Function</c>, <c>x.constructor.constructor('…')</c>). A script qualifies when it
/// writes to no object property (<c>a.b = …</c>, <c>a.b++</c>, <c>delete a.b</c>, destructuring into <c>a.b</c>),
/// reads properties only by name or by a literal key, and names none of the ways to the built-ins' internals below.
/// The check is deliberately coarse: a script it turns down still runs, on an engine of its own.
/// </summary>
internal static class SharedEngineSafety
{
    private static readonly FrozenSet<string> UnsafeNames = FrozenSet.Create(StringComparer.Ordinal,
        // Globals that reach into objects' internals, build or run code, or register process-wide state.
        "Object", "Reflect", "Proxy", "Symbol", "globalThis", "eval", "Function", "Atomics", "SharedArrayBuffer",
        "WeakRef", "FinalizationRegistry", "ShadowRealm",
        // Properties that lead from any value to a built-in prototype or constructor, or call a built-in on another receiver.
        "prototype", "__proto__", "constructor", "__defineGetter__", "__defineSetter__", "call", "apply", "bind",
        "defineProperty", "defineProperties", "setPrototypeOf", "assign");

    public static bool Allows(Node program) => program.DescendantNodesAndSelf().All(AllowsNode);

    private static bool AllowsNode(Node node) => node switch
    {
        Identifier identifier => !UnsafeNames.Contains(identifier.Name),
        StringLiteral text => !UnsafeNames.Contains(text.Value),
        MemberExpression { Computed: true, Property: not (StringLiteral or NumericLiteral) } => false,
        AssignmentExpression assignment => !WritesProperty(assignment.Left),
        UpdateExpression update => !WritesProperty(update.Argument),
        UnaryExpression { Operator: Operator.Delete } => false,
        ForInStatement loop => !WritesProperty(loop.Left),
        ForOfStatement loop => !WritesProperty(loop.Left),
        WithStatement or ImportExpression => false,
        _ => true,
    };

    // Names whose use can leave state in the engine that only restoring the globals clears: promise jobs on the event
    // loop, and RegExp's legacy statics (RegExp.$1…), which matching a string against a pattern updates.
    private static readonly FrozenSet<string> StatefulNames = FrozenSet.Create(StringComparer.Ordinal,
        "Promise", "RegExp", "match", "matchAll", "search");

    /// <summary>
    /// Whether running the script can change the engine's global state: declare or assign a variable (at the top
    /// level these are globals; sloppy code assigning an undeclared name creates one), queue promise jobs or set
    /// RegExp's statics. When it cannot, the pooled engine needs no restore after it.
    /// </summary>
    public static bool MayChangeGlobals(Node program) => program.DescendantNodesAndSelf().Any(ChangesGlobals);

    private static bool ChangesGlobals(Node node) => node switch
    {
        VariableDeclaration or FunctionDeclaration or ClassDeclaration or AwaitExpression or RegExpLiteral => true,
        IFunction { Async: true } => true,
        AssignmentExpression assignment => assignment.Left is not MemberExpression,
        UpdateExpression update => update.Argument is not MemberExpression,
        ForInStatement or ForOfStatement => true,
        Identifier identifier => StatefulNames.Contains(identifier.Name),
        StringLiteral text => StatefulNames.Contains(text.Value),
        _ => false,
    };

    // A target writes to a property when it, or anything in its destructuring pattern, is a member expression.
    private static bool WritesProperty(Node target) => target.DescendantNodesAndSelf().Any(node => node is MemberExpression);
}
