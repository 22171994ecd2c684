namespace AsnCat.Server.National.Venue;

/// <summary>What counts as the link being down (after the resilience handler's retries): the work stays queued for the next round.</summary>
public static class CentreLink
{
    public static bool IsDown(Exception e, CancellationToken stopping) => e is HttpRequestException or TimeoutException
        or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
        || (e is OperationCanceledException && !stopping.IsCancellationRequested);
}
