using System;

namespace Asobi.Client;

/// <summary>A currency balance.</summary>
public sealed record Wallet(string Currency, long Balance, DateTimeOffset UpdatedAt);
