using Microsoft.AspNetCore.Http.HttpResults;

namespace Shop.Gateway.Errors;

/// <summary>Collects field -> messages for a validation problem answer.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    /// <summary>Adds the message when the condition does not hold.</summary>
    public ValidationErrors Require(bool condition, string field, string message) => condition ? this : Add(field, message);

    public ValidationProblem ToResult() => TypedResults.ValidationProblem(_errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()));
}
