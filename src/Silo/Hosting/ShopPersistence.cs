namespace Shop.Silo.Hosting;

/// <summary>Configuration "Shop:Persistence": where grain state, membership and reminders live.</summary>
public enum ShopPersistence
{
    /// <summary>The embedded default: everything in memory, one silo, nothing survives a restart.</summary>
    InMemory,

    /// <summary>Durable: PostgreSQL through Orleans' ADO.NET providers, one database per service.</summary>
    Postgres,
}
