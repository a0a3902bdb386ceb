using System.Security.Cryptography;

namespace IntellyHub.Workflows;

/// <summary>Short random ids in the form Elsa uses (16 lowercase hex characters).</summary>
public static class IdGenerator
{
    // Random bytes are drawn from the system generator a block at a time, per thread: one call per 512 ids instead of one
    // per id (a run makes several ids, and each call costs the generator's set-up and locking, whatever its size).
    private const int BlockSize = 4096;

    [ThreadStatic] private static byte[]? _block;
    [ThreadStatic] private static int _used;

    // Ordered ids: a random 64-bit starting point per process, counted up.
    private static long _nextOrdered = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// A new id of the same form whose successors, in this process, sort after it: workflow instance ids. Their rows (the
    /// instance, its journal and log entries, all keyed by it) then go to the end of each index instead of to a random
    /// page, so a database commit writes a few pages for a whole batch of new instances, not a few per instance. Unique
    /// within the process; two processes can collide only if their ranges overlap, which for a billion ids each is a
    /// chance of about 1 in 10^10. Not for ids that must be unguessable: the next one follows from the last.
    /// </summary>
    public static string NewOrderedId()
    {
        var value = (ulong)Interlocked.Increment(ref _nextOrdered);
        return value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A new 64-bit random id as 16 hex characters.</summary>
    public static string NewId()
    {
        // _used is 0 when the block is new or used up: it is (re)filled then.
        var block = _block ??= new byte[BlockSize];
        if (_used == 0) RandomNumberGenerator.Fill(block);
        var id = Convert.ToHexStringLower(block, _used, 8);
        _used = (_used + 8) % BlockSize;
        return id;
    }
}
