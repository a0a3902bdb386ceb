using System.Security.Cryptography;

namespace IntellyHub.Workflows;

/// <summary>Short random ids in the form Elsa uses (16 lowercase hex characters).</summary>
public static class IdGenerator
{
    /// <summary>A new 64-bit random id as 16 hex characters.</summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
