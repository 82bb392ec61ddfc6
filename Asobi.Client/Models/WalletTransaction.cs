using System;

namespace Asobi.Client;

/// <summary>One wallet change; <c>Amount</c> is signed.</summary>
public sealed record WalletTransaction(Guid Id, long Amount, long BalanceAfter, string Reason, string? Reference, DateTimeOffset CreatedAt);
