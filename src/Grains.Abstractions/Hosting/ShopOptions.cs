using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Shop.Hosting;

/// <summary>
/// The one way the shop's processes bind configuration: an options class per section, bound through
/// the options pattern and validated when the process starts, by its DataAnnotations attributes
/// (nested option objects included). A bad value stops the process with a message that names the
/// key ("Shop:Resilience:Timeout: The field Timeout must be between ..."); a value of the wrong
/// format already fails the binding with the key in its message.
/// </summary>
public static class ShopOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> of the host's configuration.</summary>
    public static OptionsBuilder<T> AddShopOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> of the configuration given (a test cluster's silos have their own).</summary>
    public static OptionsBuilder<T> AddShopOptions<T>(this IServiceCollection services, IConfiguration configuration, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>
    /// Reads <typeparamref name="T"/> from <paramref name="section"/> now, validated the same way (a
    /// failure throws, naming the key): for the few values that decide what gets registered, before
    /// there is a service provider to ask.
    /// </summary>
    public static T Read<T>(IConfiguration configuration, string section) where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        return Validate(options, section) is { Count: > 0 } failures
            ? throw new InvalidOperationException(string.Join(" ", failures))
            : options;
    }

    /// <summary>The failures of <paramref name="options"/>, each prefixed with its configuration key.</summary>
    public static IReadOnlyList<string> Validate(object options, string section)
    {
        var failures = new List<string>();
        Collect(options, section, failures, depth: 0);
        return failures;
    }

    private static void Collect(object options, string path, List<string> failures, int depth)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [""];
            failures.AddRange(members.Select(m => $"{path}{(m.Length > 0 ? ":" + m : "")}: {result.ErrorMessage}"));
        }

        // Nested option objects of the shop's own types (a rate limit's buckets): checked the same way.
        foreach (var property in options.GetType().GetProperties())
        {
            if (depth < 4 && property.PropertyType.IsClass && property.PropertyType.Namespace?.StartsWith("Shop", StringComparison.Ordinal) == true
                && property.GetIndexParameters().Length == 0 && property.GetValue(options) is { } nested)
            {
                Collect(nested, $"{path}:{property.Name}", failures, depth + 1);
            }
        }
    }

    private sealed class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            ShopOptions.Validate(options, section) is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
