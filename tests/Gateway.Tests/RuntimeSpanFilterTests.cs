using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Shop.Hosting;

namespace Shop.Gateway.Tests;

/// <summary>
/// UncausedRuntimeWork (src/ServiceDefaults/ShopTelemetry.cs): the Orleans runtime's background work
/// with no parent is not exported; runtime spans inside an operation are. In the gateway collection so
/// no other test's activity listener runs at the same time (listeners vote together on recording).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RuntimeSpanFilterTests
{
    /// <summary>The SDK's default sampler (parent-based) and the one Aspire sets (always_on, which ignores the parent).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Root_spans_of_the_orleans_runtime_and_what_they_cause_are_left_out_and_runtime_spans_inside_an_operation_are_kept(bool alwaysOn)
    {
        var exported = new List<Activity>();
        using var runtime = new ActivitySource("Microsoft.Orleans.Runtime");
        using var shop = new ActivitySource("Shop.RuntimeSpanFilterTests");
        var builder = Sdk.CreateTracerProviderBuilder();
        if (alwaysOn)
        {
            builder.SetSampler(new AlwaysOnSampler());
        }

        using (var provider = builder
            .AddSource(runtime.Name, shop.Name)
            .AddProcessor(new UncausedRuntimeWork())
            .AddProcessor(new Collect(exported))
            .Build())
        {
            using (runtime.StartActivity("IGrainTimerInvoker/InvokeCallbackAsync", ActivityKind.Client))
            using (runtime.StartActivity("IMemoryStreamQueueGrain/Dequeue", ActivityKind.Client))
            using (shop.StartActivity("work inside a timer tick"))
            {
            }

            // The silo side of a call whose caller (in another process) was left out.
            var unrecordedCaller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
            using (runtime.StartActivity("IMemoryStreamQueueGrain/Dequeue", ActivityKind.Server, unrecordedCaller))
            {
            }

            using (var request = shop.StartActivity("POST /api/orders", ActivityKind.Server))
            using (runtime.StartActivity("IStreamConsumerExtension/DeliverBatch", ActivityKind.Client))
            {
                Assert.NotNull(request);
            }
        }

        var ours = exported.Where(a => a.Source == runtime || a.Source == shop).Select(a => a.OperationName).Order().ToArray();
        Assert.Equal(["IStreamConsumerExtension/DeliverBatch", "POST /api/orders"], ours);
    }

    /// <summary>What an exporter would get: ended spans that are recorded.</summary>
    private sealed class Collect(List<Activity> exported) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            if (activity.Recorded)
            {
                lock (exported)
                {
                    exported.Add(activity);
                }
            }
        }
    }
}
