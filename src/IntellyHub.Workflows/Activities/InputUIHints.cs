namespace IntellyHub.Workflows.Activities;

/// <summary>The input editors Elsa Studio 3.8 knows; any other hint gets Studio's "unsupported" placeholder.</summary>
public static class InputUIHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Checkbox = "checkbox";
    public const string CheckList = "checklist";
    public const string Dropdown = "dropdown";
    public const string RadioList = "radiolist";
    public const string CodeEditor = "code-editor";
    public const string JsonEditor = "json-editor";
    public const string ExpressionEditor = "expression-editor";
    public const string DateTimePicker = "datetime-picker";
    public const string Dictionary = "dictionary";
    public const string MultiText = "multitext";
    public const string TypePicker = "type-picker";
    public const string VariablePicker = "variable-picker";
    public const string InputPicker = "input-picker";
    public const string OutputPicker = "output-picker";
    public const string OutcomePicker = "outcome-picker";
    public const string DynamicOutcomes = "dynamic-outcomes";
    public const string FlowSwitchEditor = "flow-switch-editor";
    public const string SwitchEditor = "switch-editor";
    public const string HttpStatusCodes = "http-status-codes";
    public const string WorkflowDefinitionPicker = "workflow-definition-picker";
    public const string SecretPicker = "secret-picker";
}
