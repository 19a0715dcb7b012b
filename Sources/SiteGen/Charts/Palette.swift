/// Colours of the charts.
public enum Palette {
    /// Anchors of a calm blue–white–red diverging map modelled on seaborn's "vlag".
    static let vlagAnchors: [(Double, Color)] = [
        (0.00, Color(hex: 0x2369BD)),
        (0.25, Color(hex: 0x7A9FCF)),
        (0.50, Color(hex: 0xEFEAE9)),
        (0.75, Color(hex: 0xD48B85)),
        (1.00, Color(hex: 0xA9373B)),
    ]

    /// `count` colours sampled like seaborn samples a colormap: evenly, skipping both ends.
    public static func vlag(_ count: Int) -> [Color] {
        guard count > 0 else { return [] }
        return (1...count).map { i in sample(Double(i) / Double(count + 1)) }
    }

    static func sample(_ t: Double) -> Color {
        for k in 1..<vlagAnchors.count where t <= vlagAnchors[k].0 {
            let (t0, c0) = vlagAnchors[k - 1], (t1, c1) = vlagAnchors[k]
            return c0.mixed(with: c1, (t - t0) / (t1 - t0))
        }
        return vlagAnchors.last!.1
    }

    public static let ink = Color(hex: 0x3D3D3D)
    public static let grid = Color(hex: 0xE3E3E3)
    public static let mutedText = Color(hex: 0x5A5A5A)
    public static let background = Color.white
}
