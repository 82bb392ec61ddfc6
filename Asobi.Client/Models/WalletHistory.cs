using System;
using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>One page of wallet history, newest first; pass both <c>Next*</c> values back for the next page.</summary>
public sealed record WalletHistory(IReadOnlyList<WalletTransaction> Transactions, DateTimeOffset? NextBefore, Guid? NextBeforeId);
