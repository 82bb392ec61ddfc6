using System;

namespace Asobi.Client;

/// <summary>A stored chat or direct message; <c>SentAt</c> in Unix ms; <c>MessageId</c> grows with every stored message.</summary>
public sealed record ChatMessage(string ChannelId, string MessageId, Guid SenderId, string Content, long SentAt);
