using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Shop.AppHost;

/// <summary>
/// The "AppHost" configuration section (see Program.cs for the keys). Read eagerly, before the
/// application model exists, because it decides which resources are added (PostgreSQL or not, how
/// many silos); a bad value stops the AppHost naming the key.
/// </summary>
public sealed class AppHostOptions : IValidatableObject
{
    public const string Section = "AppHost";

    /// <summary>How many silo processes to start.</summary>
    [Range(1, 99)]
    public int Silos { get; set; } = 1;

    /// <summary>Durable mode: PostgreSQL as an executable resource from the installed binaries.</summary>
    public bool Postgres { get; set; }

    /// <summary>The folder of initdb and postgres; by default the newest /usr/lib/postgresql/*/bin, else PATH.</summary>
    public string? PostgresBin { get; set; }

    /// <summary>Where the PostgreSQL cluster lives; by default .data/aspire-postgres.</summary>
    public string? PostgresData { get; set; }

    /// <summary>The gateway's port; by default none, and Aspire picks a free one (the dashboard links it).</summary>
    [Range(1, 65535)]
    public int? GatewayPort { get; set; }

    public static AppHostOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<AppHostOptions>() ?? new AppHostOptions();
        var failures = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), failures, validateAllProperties: true)
            ? options
            : throw new InvalidOperationException(string.Join(" ", failures.Select(f => $"{Section}:{string.Join(",", f.MemberNames)}: {f.ErrorMessage}")));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Silos > 1 && !Postgres)
        {
            // As ./run.sh says: in embedded mode each silo would be a cluster of its own.
            yield return new ValidationResult(
                $"{Silos} silos need {Section}:Postgres=true: they find each other in the PostgreSQL membership table.", [nameof(Silos)]);
        }
    }
}
