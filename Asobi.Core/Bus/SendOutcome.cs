namespace Asobi.Bus;

/// <summary>How an event left the outbound queue, as a PublishAsync caller learns it.</summary>
internal enum SendOutcome
{
    Sent,
    TimedOut,
    Stopped,
}
