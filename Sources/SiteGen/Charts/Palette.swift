/// The neutral colours of the charts (providers' colours are `ProviderColors`).
public enum Palette {
    public static let ink = Color(hex: 0x3D3D3D)
    public static let grid = Color(hex: 0xE3E3E3)
    public static let mutedText = Color(hex: 0x5A5A5A)
    public static let background = Color.white
}
