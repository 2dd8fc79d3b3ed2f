using System.Text.Json;

namespace Shop.Grains.Security;

/// <summary>
/// The declarative policy: which callers may call which grain interface methods. Default deny.
/// A caller is "service:&lt;name&gt;" (a verified token), "grain:&lt;grain type&gt;" (a call from another
/// grain in the cluster) or "anonymous". In the spirit of an Istio AuthorizationPolicy.
/// </summary>
public sealed class AuthorizationPolicy
{
    private readonly HashSet<(string Interface, string Method, string Caller)> _allowed;

    private AuthorizationPolicy(HashSet<(string, string, string)> allowed) => _allowed = allowed;

    public bool Allows(string caller, string interfaceName, string method) =>
        _allowed.Contains((interfaceName, method, caller)) || _allowed.Contains((interfaceName, "*", caller));

    public static AuthorizationPolicy Parse(string json)
    {
        var document = JsonSerializer.Deserialize<PolicyDocument>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip })
            ?? throw new InvalidOperationException("The authorization policy is empty.");
        var allowed = new HashSet<(string, string, string)>();
        foreach (var rule in document.Rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Interface) || rule.Methods.Count == 0 || rule.Callers.Count == 0)
            {
                throw new InvalidOperationException("Every policy rule needs an interface, methods and callers.");
            }

            foreach (var method in rule.Methods)
            {
                foreach (var caller in rule.Callers)
                {
                    allowed.Add((rule.Interface, method, caller));
                }
            }
        }

        return new AuthorizationPolicy(allowed);
    }

    public static AuthorizationPolicy Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : throw new InvalidOperationException($"Authorization policy file '{path}' not found.");

    private sealed class PolicyDocument
    {
        public List<Rule> Rules { get; set; } = [];
    }

    private sealed class Rule
    {
        public string Interface { get; set; } = "";
        public List<string> Methods { get; set; } = [];
        public List<string> Callers { get; set; } = [];
    }
}
