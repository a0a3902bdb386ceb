using System.Collections.Concurrent;
using Fluid;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Expressions.Liquid;

/// <summary>
/// Liquid templates rendered by Fluid. The template sees <c>Variables.name</c>, <c>Input.name</c> (workflow
/// input), <c>WorkflowInstanceId</c>, <c>CorrelationId</c>, <c>WorkflowDefinitionId</c>,
/// <c>WorkflowDefinitionVersion</c> and <c>LastResult</c>. The result is the rendered text, converted to the input's type.
/// </summary>
public sealed class LiquidExpressionEvaluator : IExpressionEvaluator
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);
    private readonly TemplateOptions _options;

    public LiquidExpressionEvaluator()
    {
        // A template cannot loop or recurse without bound: rendering stops after MaxSteps statements.
        _options = new TemplateOptions { MaxSteps = MaxSteps, MaxRecursion = 64 };
        _options.MemberAccessStrategy.IgnoreCasing = true;
    }

    /// <summary>Most statements one rendering may execute.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>Largest literal range (<c>(1..n)</c>) a template may use: Fluid builds a range whole before the step limit applies.</summary>
    public const long MaxRangeLength = 100_000;

    private static readonly System.Text.RegularExpressions.Regex LiteralRange = new(@"\(\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*\)", System.Text.RegularExpressions.RegexOptions.Compiled);

    public string Syntax => ExpressionSyntax.Liquid;

    public ExpressionDescriptor Descriptor { get; } = new(ExpressionSyntax.Liquid, "Liquid", IsBrowsable: true,
        new Dictionary<string, object> { ["MonacoLanguage"] = "liquid" });

    /// <inheritdoc />
    public async ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ActivityExecutionContext context)
    {
        var text = expression.ValueAsText();
        if (string.IsNullOrEmpty(text)) return text;
        var template = Parse(text);
        var workflow = context.WorkflowExecutionContext;
        var model = new TemplateContext(_options);
        model.SetValue("Variables", Plain(workflow.GetVariablesByName()));
        model.SetValue("Input", Plain(workflow.Input));
        model.SetValue("WorkflowInstanceId", workflow.InstanceId);
        model.SetValue("CorrelationId", workflow.CorrelationId);
        model.SetValue("WorkflowDefinitionId", workflow.Workflow.DefinitionId);
        model.SetValue("WorkflowDefinitionVersion", workflow.Workflow.DefinitionVersion);
        model.SetValue("LastResult", ValueConverter.ToPlain(workflow.LastResult));
        try
        {
            return await template.RenderAsync(model);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ParseException or ArgumentException)
        {
            throw new ExpressionException($"Liquid error: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(Expression expression)
    {
        var text = expression.ValueAsText();
        if (string.IsNullOrEmpty(text)) return [];
        if (FindOversizedRange(text) is { } range) return [$"Liquid range {range} is larger than {MaxRangeLength} items."];
        return Parser.TryParse(text, out _, out var error) ? [] : [$"Liquid syntax error: {error}"];
    }

    private IFluidTemplate Parse(string text)
    {
        if (_templates.TryGetValue(text, out var template)) return template;
        if (FindOversizedRange(text) is { } range)
            throw new ExpressionException($"Liquid range {range} is larger than {MaxRangeLength} items.");
        if (!Parser.TryParse(text, out template, out var error))
            throw new ExpressionException($"Liquid syntax error: {error}");
        if (_templates.Count >= 2048) _templates.Clear();
        _templates[text] = template;
        return template;
    }

    private static string? FindOversizedRange(string text)
    {
        foreach (System.Text.RegularExpressions.Match match in LiteralRange.Matches(text))
        {
            if (!long.TryParse(match.Groups[1].Value, out var from) || !long.TryParse(match.Groups[2].Value, out var to)
                || Math.Abs((decimal)to - from) >= MaxRangeLength)
                return match.Value;
        }

        return null;
    }

    private static Dictionary<string, object?> Plain(IEnumerable<KeyValuePair<string, object?>> values) =>
        values.ToDictionary(p => p.Key, p => ValueConverter.ToPlain(p.Value), StringComparer.OrdinalIgnoreCase);
}
