namespace IntellyHub.Workflows.Tests;

public sealed class IdGeneratorTests
{
    [Fact]
    public void Ids_AreSixteenHexCharacters_AndDoNotRepeat_AcrossBlocksAndThreads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 1000; i++) ids.Add(IdGenerator.NewId());
        });

        Assert.Equal(4000, ids.Count);
        Assert.Equal(4000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{16}$", id));
    }
}
