using System.Net;
using System.Net.Sockets;

namespace Berth.Engine.Resources.Admission.Services;

/// <summary>
/// The addresses a workspace's Services draw from, as on a default k3s cluster: cluster IPs from
/// 10.43.0.0/16 (IPv4 only) and node ports from 30000-32767. Like Kubernetes, dynamic allocation
/// prefers the upper part of each range and leaves the lower band to values users pick themselves.
/// </summary>
public static class ServiceNetwork
{
    public const string ClusterIPRange = "10.43.0.0/16";
    public const int NodePortMin = 30000;
    public const int NodePortMax = 32767;

    private const uint RangeBase = (10u << 24) | (43u << 16);
    private const uint RangeSize = 1u << 16;

    /// <summary>The usable addresses: the range less its network and broadcast addresses.</summary>
    public static int AddressCount => (int)RangeSize - 2;

    /// <summary>Kubernetes' static band: min(max(16, size/16), 256) addresses at the bottom of the range.</summary>
    public static int StaticAddressBand => Math.Min(Math.Max(16, AddressCount / 16), 256);

    public static int PortCount => NodePortMax - NodePortMin + 1;

    /// <summary>The node-port static band: min(max(16, size/32), 128) ports.</summary>
    public static int StaticPortBand => Math.Min(Math.Max(16, PortCount / 32), 128);

    /// <summary>The address at <paramref name="offset"/> (0 is 10.43.0.1).</summary>
    public static string Address(int offset)
    {
        var value = RangeBase + 1 + (uint)offset;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
    }

    /// <summary>Whether <paramref name="ip"/> is a usable address of the range.</summary>
    public static bool Contains(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address) || address.AddressFamily != AddressFamily.InterNetwork || address.ToString() != ip)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        var value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        return value > RangeBase && value < RangeBase + RangeSize - 1;
    }

    public static bool IsValidIP(string ip) => IPAddress.TryParse(ip, out var address) && (address.AddressFamily == AddressFamily.InterNetworkV6 || address.ToString() == ip);

    public static bool IsIPv6(string ip) => IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
}
