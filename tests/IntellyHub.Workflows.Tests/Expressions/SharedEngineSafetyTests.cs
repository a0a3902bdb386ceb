using IntellyHub.Workflows.Expressions.JavaScript;
using Jint;

namespace IntellyHub.Workflows.Tests.Expressions;

public sealed class SharedEngineSafetyTests
{
    [Theory]
    [InlineData("'Hello ' + (getOutputFrom('request', 'QueryStringData').name ?? 'world')")]
    [InlineData("var x = 1; let y = 2; x + y")]
    [InlineData("[1, 2, 3].map(n => n * 2).filter(n => n > 2).join(',')")]
    [InlineData("input.items[0].name + input['first name']")]
    [InlineData("const o = { a: 1 }; o['a'] + JSON.stringify(o)")]
    [InlineData("function f(n) { return n < 2 ? n : f(n - 1) + f(n - 2); } f(10)")]
    [InlineData("var i = 0; while (i < 10) i++; i")]
    [InlineData("setVariable('Total', getVariable('Total') + 1); `${getTotal()} items`")]
    public void Allows_ScriptsThatCannotChangeBuiltIns(string script) =>
        Assert.True(SharedEngineSafety.Allows(Engine.PrepareScript(script).Program!));

    [Theory]
    [InlineData("Array.prototype.leak = 1")]
    [InlineData("const o = {}; o.x = 1")]
    [InlineData("o.count++")]
    [InlineData("delete o.x")]
    [InlineData("({ a: o.x } = { a: 1 })")]
    [InlineData("[o.x] = [1]")]
    [InlineData("for (o.x of [1]) {}")]
    [InlineData("Object.assign(Math, { x: 1 })")]
    [InlineData("[].push.call(JSON, 1)")]
    [InlineData("''.constructor.constructor('return 1')()")]
    [InlineData("x['constr' + 'uctor']")]
    [InlineData("x[key]")]
    [InlineData("x['__proto__']")]
    [InlineData("with (Math) { max = null }")]
    [InlineData("globalThis.y")]
    [InlineData("eval('1')")]
    [InlineData("Symbol.for('x')")]
    [InlineData("Reflect.set(Math, 'x', 1)")]
    public void TurnsDown_ScriptsThatCouldChangeBuiltInsOrBuildCode(string script) =>
        Assert.False(SharedEngineSafety.Allows(Engine.PrepareScript(script).Program!));

    [Theory]
    [InlineData("'Hello ' + (getOutputFrom('request', 'QueryStringData').name ?? 'world')", false)]
    [InlineData("[1, 2].map(n => n * 2).join(',') + getVariable('x')", false)]
    [InlineData("var x = 1; x", true)]
    [InlineData("x = 1", true)]
    [InlineData("(() => { let y = 1; return y; })()", true)]
    [InlineData("function f() {} f()", true)]
    [InlineData("i++", true)]
    [InlineData("'abc'.replace(/b/, 'x')", true)]
    [InlineData("'abc'.match('b')", true)]
    [InlineData("Promise.resolve(1)", true)]
    [InlineData("(async () => 1)()", true)]
    public void MayChangeGlobals_WhenItDeclaresAssignsQueuesOrMatches(string script, bool changes) =>
        Assert.Equal(changes, SharedEngineSafety.MayChangeGlobals(Engine.PrepareScript(script).Program!));
}
