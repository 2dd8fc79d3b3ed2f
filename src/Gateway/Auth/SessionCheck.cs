using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Shop.Gateway.Resilience;
using Shop.Gateway.Services;

namespace Shop.Gateway.Auth;

/// <summary>
/// The per-call check of an access token's session ("sid"): is it still open? Answers are remembered for
/// <see cref="AccessTokenOptions.SessionCheckCacheDuration"/> per session, so a busy session costs one
/// grain call per that duration per gateway, not one per request. A session ended through this gateway
/// is forgotten at once (refused on the next call); one ended through another gateway within the
/// duration. When the users service cannot answer and nothing is remembered, the token is let through:
/// its signature is valid and it expires within minutes (fail open, bounded by the access token lifetime).
/// </summary>
public sealed class SessionCheck(IOptions<AccessTokenOptions> options, TimeProvider clock, ILogger<SessionCheck> logger)
{
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<Guid, Answer> _answers = new();
    private readonly Hosting.LogSampler _failOpenLog = new(TimeSpan.FromSeconds(10));

    private readonly record struct Answer(Guid UserId, bool Open, DateTimeOffset Until);

    public async Task<bool> IsOpen(Guid userId, Guid sessionId, UsersService users)
    {
        var now = clock.GetUtcNow();
        if (_answers.TryGetValue(sessionId, out var known) && known.Until > now && known.UserId == userId)
        {
            return known.Open;
        }

        bool open;
        try
        {
            open = await users.IsSessionOpen(userId, sessionId);
        }
        catch (ServiceUnavailableException ex)
        {
            if (_failOpenLog.ShouldLog(out var heldBack))
            {
                logger.LogWarning("Session check unavailable ({Reason}): access tokens are accepted on their signature alone ({HeldBack} more since the last line).",
                    ex.InnerException?.GetType().Name, heldBack);
            }

            return true;
        }

        Remember(sessionId, new Answer(userId, open, now + options.Value.SessionCheckCacheDuration));
        return open;
    }

    /// <summary>A session this gateway ended: refused from the next call on (for as long as its tokens live).</summary>
    public void Ended(Guid userId, Guid sessionId) =>
        Remember(sessionId, new Answer(userId, false, clock.GetUtcNow() + options.Value.AccessTokenLifetime + options.Value.ClockSkew));

    /// <summary>Every session of the user ended: forget what was remembered, so the next call asks the cluster.</summary>
    public void EndedAll(Guid userId)
    {
        foreach (var (sessionId, answer) in _answers)
        {
            if (answer.UserId == userId)
            {
                _answers.TryRemove(sessionId, out _);
            }
        }
    }

    private void Remember(Guid sessionId, Answer answer)
    {
        if (_answers.Count >= MaxRemembered)
        {
            _answers.Clear(); // crude but bounded; open sessions are simply asked about once more
        }

        _answers[sessionId] = answer;
    }
}
