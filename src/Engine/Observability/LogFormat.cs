namespace Berth.Engine.Observability;

/// <summary>How log lines are written: readable text for people, one JSON object per line for log collectors.</summary>
public enum LogFormat
{
    Text,
    Json,
}
