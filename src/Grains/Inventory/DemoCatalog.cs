using Shop.Inventory;

namespace Shop.Grains.Inventory;

/// <summary>The demo products seeded at start-up in the embedded default, so a fresh shop has something to sell.</summary>
public static class DemoCatalog
{
    public static readonly IReadOnlyList<(string Sku, ProductDefinition Product)> Products =
    [
        ("KB-001", new("Mechanical keyboard", "Tenkeyless, brown switches", 89.90m, 40)),
        ("MS-002", new("Wireless mouse", "Ergonomic, 6 buttons", 34.50m, 60)),
        ("MN-003", new("27\" monitor", "2560x1440, 144 Hz", 279.00m, 15)),
        ("HS-004", new("Headset", "Closed-back, detachable microphone", 59.99m, 25)),
        ("WC-005", new("Webcam", "1080p, privacy shutter", 45.00m, 30)),
        ("DK-006", new("USB-C dock", "2x HDMI, Ethernet, 100 W passthrough", 129.00m, 12)),
        ("CH-007", new("Office chair", "Mesh back, adjustable arms", 199.00m, 8)),
        ("LP-008", new("Laptop stand", "Aluminium, foldable", 29.90m, 50)),
        ("SS-009", new("Portable SSD 1 TB", "USB 3.2, 1050 MB/s", 99.00m, 35)),
        ("CB-010", new("Cable kit", "USB-C, HDMI and DisplayPort cables", 19.90m, 100)),
        ("DL-011", new("Desk lamp", "LED, dimmable, USB charging port", 39.00m, 20)),
        ("MP-012", new("Mouse pad XL", "900x400 mm, stitched edges", 14.90m, 3)),
    ];
}
