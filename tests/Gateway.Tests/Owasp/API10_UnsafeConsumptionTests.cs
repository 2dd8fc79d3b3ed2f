using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API10 unsafe consumption of APIs. The one API the gateway consumes
/// is the cluster's (over mutual TLS, with its own signed identity; see <c>ClusterSecurityTests</c>).
/// What the cluster answers is mapped field by field onto the HTTP contract, never passed through:
/// its extra fields stay inside, and its errors reach the client as a 503 without their text.
/// </summary>
[Collection(GatewayFaultsCollection.Name)]
public sealed class API10_UnsafeConsumptionTests(FaultInjectingGatewayFixture fixture)
{
    [Fact]
    public async Task API10_the_clusters_profile_is_mapped_to_the_contract_and_its_roles_stay_inside()
    {
        var admin = await Api.Admin(fixture.Gateway);
        // The cluster's profile of the administrator carries its roles: the token made from it has one.
        var token = new JsonWebToken(admin.DefaultRequestHeaders.Authorization!.Parameter!);
        Assert.Equal(ShopRoles.Admin, token.GetClaim("role").Value);

        var me = await (await admin.GetAsync("/api/users/me")).Json();
        var dashboard = await (await admin.GetAsync("/api/dashboard")).Json();

        Assert.Equal(["createdAt", "email", "id", "name"], Shopping.Fields(me));
        Assert.Equal(["createdAt", "email", "id", "name"], Shopping.Fields(dashboard.GetProperty("user")));
        Assert.DoesNotContain(ShopRoles.Admin, me.ToString().Replace(TestAdmin.Email, ""));
    }

    [Fact]
    public async Task API10_a_cluster_error_reaches_the_client_as_a_503_without_its_text()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        HttpResponseMessage update, notifications;
        using (FaultInjection.Fail("IUserGrain", "UpdateProfile", times: 1))
        {
            update = await user.PutAsJsonAsync("/api/users/me", new { name = "Changed" });
        }

        // A read with no earlier answer to fall back on.
        using (FaultInjection.Fail("INotificationGrain", "GetAll", times: 1))
        {
            notifications = await user.GetAsync("/api/users/me/notifications");
        }

        foreach (var response in new[] { update, notifications })
        {
            var problem = await response.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.DoesNotContain("Injected", problem.ToString());
            Assert.DoesNotContain("Exception", problem.ToString());
        }

        Assert.Equal("Test User", (await (await user.GetAsync("/api/users/me")).Json()).GetProperty("name").GetString());
    }
}
