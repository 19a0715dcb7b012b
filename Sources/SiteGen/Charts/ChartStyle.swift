/// Sizes shared by every chart, in user units (CSS pixels when the chart is shown at its own
/// width).
///
/// Charts are drawn narrow so that their text stays legible when scaled down: a site chart is
/// `siteWidth` wide, so at a phone's ~358 px of content its smallest (13-unit) text is still 11 px;
/// a README PNG is `readmeWidth` wide at 2x density, so at GitHub's ~830 px column its smallest text
/// is 19 px.
public enum ChartStyle {
    /// Width of the site's SVG charts.
    public static let siteWidth = 420.0
    /// Width of the README's PNG box plots (rendered at 2 pixels per unit).
    public static let readmeWidth = 560.0
    static let titleFont = 16.0
    static let textFont = 14.0
    static let smallFont = 13.0
    static let margin = 12.0
}
