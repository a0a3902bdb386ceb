using System.Security.Cryptography;

namespace IntellyHub.Workflows;

/// <summary>Short random ids in the form Elsa uses (16 lowercase hex characters).</summary>
public static class IdGenerator
{
    // Random bytes are drawn from the system generator a block at a time, per thread: one call per 64 ids instead of one
    // per id (a run makes several ids, and the call is a system call).
    private const int BlockSize = 512;

    [ThreadStatic] private static byte[]? _block;
    [ThreadStatic] private static int _used;

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
