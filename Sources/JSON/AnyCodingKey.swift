/// A coding key made from any string or array index, for the coding paths of
/// `JSONValueDecoder` and `JSONValueEncoder`.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
