using System.Collections.Concurrent;
using System.Net;

namespace Shop.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class OtlpExportTests(GatewayFixture fixture)
{
    [Fact]
    public async Task With_an_otlp_endpoint_configured_traces_and_metrics_are_exported_to_it()
    {
        // A stand-in collector: records the paths the exporter posts to.
        var port = FreePort.Next();
        using var collector = new HttpListener { Prefixes = { $"http://127.0.0.1:{port}/" } };
        collector.Start();
        var received = new ConcurrentBag<string>();
        _ = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                try
                {
                    var context = await collector.GetContextAsync();
                    received.Add(context.Request.Url!.AbsolutePath);
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        });

        var settings = fixture.ClusterSettings();
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}";
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        await using var gateway = new GatewayFactory(settings);
        var client = Api.Anonymous(gateway);
        await client.GetAsync("/api/products");

        await Eventually.Until(() => Task.FromResult(received.ToArray()),
            paths => paths.Contains("/v1/traces") && paths.Contains("/v1/metrics"), "OTLP exports", TimeSpan.FromSeconds(30));
    }
}
