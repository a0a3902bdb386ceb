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
        if (_block is null)
        {
            _block = new byte[BlockSize];
            _used = BlockSize;
        }

        var block = _block;
        if (_used == BlockSize)
        {
            RandomNumberGenerator.Fill(block);
            _used = 0;
        }

        var id = Convert.ToHexStringLower(block, _used, 8);
        _used += 8;
        return id;
    }
}
