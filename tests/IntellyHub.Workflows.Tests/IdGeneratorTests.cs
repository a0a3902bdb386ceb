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

    [Fact]
    public void OrderedIds_AreSixteenHexCharacters_Unique_AndEachSortsAfterTheOnesBefore()
    {
        var perThread = new System.Collections.Concurrent.ConcurrentBag<List<string>>();

        Parallel.For(0, 4, _ =>
        {
            var ids = new List<string>();
            for (var i = 0; i < 1000; i++) ids.Add(IdGenerator.NewOrderedId());
            perThread.Add(ids);
        });

        var all = perThread.SelectMany(ids => ids).ToList();
        Assert.Equal(4000, all.Distinct().Count());
        Assert.All(all, id => Assert.Matches("^[0-9a-f]{16}$", id));
        // Ordinal order, as a database index on the text compares them (C collation).
        Assert.All(perThread, ids => Assert.Equal(ids.Order(StringComparer.Ordinal), ids));
    }
}
