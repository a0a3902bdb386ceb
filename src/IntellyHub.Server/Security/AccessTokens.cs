using System.Security.Claims;
using System.Text;
using IntellyHub.Platform.Signing;
using IntellyHub.Platform.Users;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IntellyHub.Server.Security;

/// <summary>The key access tokens are signed with: <see cref="AuthOptions.SigningKey"/>, or the generated one kept in the database.</summary>
internal sealed class AccessTokenSigningKey(IOptions<AuthOptions> options, SigningKeyStore store)
{
    private const string StoredKeyId = "access-tokens";
    private const int StoredKeyBytes = 64;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile SymmetricSecurityKey? _key;

    /// <summary>The key when already loaded (token validation is synchronous); <see cref="GetAsync"/> loads it.</summary>
    public SymmetricSecurityKey? Current => _key;

    public async ValueTask<SymmetricSecurityKey> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is { } key) return key;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _key ??= new SymmetricSecurityKey(string.IsNullOrEmpty(options.Value.SigningKey)
                ? await store.GetOrCreateAsync(StoredKeyId, StoredKeyBytes, cancellationToken)
                : Encoding.UTF8.GetBytes(options.Value.SigningKey));
        }
        finally
        {
            _loading.Release();
        }
    }
}

/// <summary>Issues access tokens: HS256 JWTs with the user's id, email and role, valid for <see cref="AuthOptions.AccessTokenLifetime"/>.</summary>
internal sealed class AccessTokenIssuer(AccessTokenSigningKey signingKey, IOptions<AuthOptions> options, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var expires = now + settings.AccessTokenLifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(AuthClaims.Subject, user.Id.ToString()),
                new Claim(AuthClaims.Email, user.Email),
                new Claim(AuthClaims.Role, user.Role),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(await signingKey.GetAsync(cancellationToken), SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
