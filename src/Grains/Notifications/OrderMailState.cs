namespace Shop.Grains.Notifications;

/// <summary>What the mailer of one order has sent.</summary>
[GenerateSerializer, Alias("Shop.Grains.Notifications.OrderMailState")]
public sealed class OrderMailState
{
    [Id(0)] public bool ConfirmationSent { get; set; }
}
