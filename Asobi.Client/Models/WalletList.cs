using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET wallets</c>.</summary>
public sealed record WalletList(IReadOnlyList<Wallet> Wallets);
