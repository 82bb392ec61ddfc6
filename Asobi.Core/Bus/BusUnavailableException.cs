namespace Asobi.Bus;

/// <summary>The bus could not accept or send an event (queue full, or PostgreSQL unreachable).</summary>
public sealed class BusUnavailableException : Exception
{
    public BusUnavailableException()
    {
    }

    public BusUnavailableException(string message) : base(message)
    {
    }

    public BusUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
