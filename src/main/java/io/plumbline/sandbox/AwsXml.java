package io.plumbline.sandbox;

/**
 * Appends XML for the AWS emulators (EC2, S3); an absent value leaves its element out, as AWS omits
 * unset fields.
 */
final class AwsXml {
  private final StringBuilder text = new StringBuilder(1024);

  AwsXml raw(String markup) {
    text.append(markup);
    return this;
  }

  AwsXml open(String name) {
    text.append('<').append(name).append('>');
    return this;
  }

  AwsXml close(String name) {
    text.append("</").append(name).append('>');
    return this;
  }

  AwsXml element(String name, String value) {
    if (value != null) {
      open(name);
      escape(value);
      close(name);
    }
    return this;
  }

  private void escape(String value) {
    for (int index = 0; index < value.length(); index++) {
      char character = value.charAt(index);
      switch (character) {
        case '&' -> text.append("&amp;");
        case '<' -> text.append("&lt;");
        case '>' -> text.append("&gt;");
        default -> text.append(character);
      }
    }
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
