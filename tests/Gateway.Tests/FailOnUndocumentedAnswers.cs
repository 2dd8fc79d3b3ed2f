using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

[assembly: Shop.Gateway.Tests.FailOnUndocumentedAnswers]

namespace Shop.Gateway.Tests;

/// <summary>
/// After every test of this assembly: an answer a test gateway gave that its OpenAPI document does
/// not list fails the test (issue 15: the document lists every status the suites observe). Tests
/// run in parallel, so a gateway shared by several may be reported after a neighbour's test; the
/// message names the operation and status either way.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class FailOnUndocumentedAnswers : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        // The hook is synchronous; the document is built once per gateway, then only compared.
        var undocumented = GatewayFactory.NewlyUndocumented().GetAwaiter().GetResult();
        if (undocumented.Count > 0)
        {
            throw new XunitException("The OpenAPI document does not describe answers the tests observed:\n" + string.Join("\n", undocumented));
        }
    }
}
