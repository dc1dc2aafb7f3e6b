namespace Berth.Api.Tenancy;

/// <summary>Why a tenancy operation was refused; each API answers it in its own dialect (problem details, Status).</summary>
public enum TenancyError
{
    /// <summary>No such workspace or member, or none the caller may see: the two are never told apart.</summary>
    NotFound,
    Forbidden,

    /// <summary>The request clashes with what exists: a taken name, the last owner.</summary>
    Conflict,

    /// <summary>A value breaks a rule; <see cref="TenancyException.Field"/> names it.</summary>
    Invalid,
}

public sealed class TenancyException(TenancyError error, string message, string? field = null) : Exception(message)
{
    public TenancyError Error { get; } = error;

    public string? Field { get; } = field;
}
