using System.Data.Common;

namespace Shop.Silo.Hosting;

/// <summary>
/// Turns a grain call that failed on a database error (a <see cref="DbException"/> anywhere in the
/// exception's chain) into a <see cref="StorageUnavailableException"/> the caller can receive: during a
/// PostgreSQL outage every caller then learns what failed, in a type it can tell apart, and the details
/// stay in the silo's log. Grain state is already translated by <see cref="FailureAwareGrainStorage"/>;
/// this covers the other database calls a grain makes, such as registering a reminder.
/// </summary>
public sealed class StorageFailureTranslation(ILogger<StorageFailureTranslation> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (DatabaseCause(ex) is { } cause)
        {
            var call = $"{context.InterfaceMethod?.DeclaringType?.Name}.{context.InterfaceMethod?.Name}";
            logger.LogWarning("{Call} on {Grain} failed: the database is unavailable ({Reason})", call, context.TargetId, cause.Message);
            throw new StorageUnavailableException($"{call} failed: the database is unavailable. Retry later.");
        }
    }

    /// <summary>The database error in an exception's chain, if there is one.</summary>
    internal static DbException? DatabaseCause(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException database)
            {
                return database;
            }
        }

        return null;
    }
}
