using IntellyHub.Workflows.Activities.Scheduling;

namespace IntellyHub.Workflows.Tests.Activities.Scheduling;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 0/5 * * * ?", "0 0/5 * * * ?")]           // Quartz, kept as written
    [InlineData("0  15 10 ? * MON-FRI", "0 15 10 ? * MON-FRI")]
    [InlineData("0 0 12 ? * 2#1 2027", "0 0 12 ? * 2#1 2027")]
    [InlineData("0 0 0 * * *", "0 0 0 * * ?")]               // Elsa (Cronos, six fields): '*' in both day fields
    [InlineData("0 0 9 * * 1-5", "0 0 9 ? * 2-6")]          // Cronos Monday-Friday is Quartz 2-6
    [InlineData("0 0 9 * * 0,6", "0 0 9 ? * 1,7")]
    [InlineData("*/5 * * * *", "0 */5 * * * ?")]             // Unix, five fields
    [InlineData("30 2 * * 0", "0 30 2 ? * 1")]
    public void TryNormalize_AcceptedSyntaxes_GiveQuartzSyntax(string expression, string expected)
    {
        Assert.True(CronSchedule.TryNormalize(expression, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cron")]
    [InlineData("* * * *")]
    [InlineData("60 * * * * ?")]
    [InlineData("0 0 25 * * ?")]
    public void TryNormalize_Invalid_ExplainsTheSyntax(string expression)
    {
        Assert.False(CronSchedule.TryNormalize(expression, out _, out var error));
        Assert.Contains("Quartz syntax", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_Invalid_ThrowsNamingTheInput()
    {
        var exception = Assert.Throws<FormatException>(() => CronSchedule.Normalize("nope", "CronExpression"));
        Assert.StartsWith("Input 'CronExpression': 'nope' is not a valid cron expression", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetNextOccurrence_IsStrictlyAfterAndInUtc()
    {
        var at = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(at.AddMinutes(5), CronSchedule.GetNextOccurrence("0 0/5 * * * ?", at));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), CronSchedule.GetNextOccurrence("0 0 9 ? * 2-6", at.AddHours(2)));
        Assert.Null(CronSchedule.GetNextOccurrence("0 0 0 1 1 ? 2020", at));
    }
}
