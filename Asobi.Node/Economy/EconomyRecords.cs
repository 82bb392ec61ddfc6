namespace Asobi.Node.Economy;

public sealed record WalletBalance(string Currency, long Balance, DateTimeOffset UpdatedAt);

public sealed record LedgerEntry(Guid Id, long Amount, long BalanceAfter, string Reason, string? Reference, DateTimeOffset CreatedAt);

public sealed record InventoryItem(string ItemId, long Quantity, DateTimeOffset UpdatedAt);

/// <summary>What a wallet change left: the new balance and/or how many of the item the player now owns.</summary>
public sealed record EconomyReceipt(long? Balance, long? Quantity);

public enum MutationStatus
{
    /// <summary>Done now.</summary>
    Applied,

    /// <summary>Not done: the balance or the item quantity does not cover it.</summary>
    Insufficient,

    /// <summary>Done earlier under the same idempotency key; the receipt is the one stored then.</summary>
    Replayed,

    /// <summary>The idempotency key was used earlier for a different request.</summary>
    KeyReused,

    /// <summary>The result would not fit in a 64-bit integer.</summary>
    OutOfRange,
}

public sealed record Mutation(MutationStatus Status, EconomyReceipt? Receipt);
