package io.kaskade.test.structure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileModeTest {

    @ParameterizedTest
    @CsvSource({
        "FILE, 0644, -rw-r--r--",
        "FILE, 0755, -rwxr-xr-x",
        "FILE, 0, ----------",
        "DIRECTORY, 0755, drwxr-xr-x",
        "DIRECTORY, 01777, dtrwxrwxrwx",
        "SYMLINK, 0777, Lrwxrwxrwx",
        "FILE, 04755, urwxr-xr-x",
        "FILE, 02755, grwxr-xr-x",
        "CHAR_DEVICE, 0666, Dcrw-rw-rw-",
        "BLOCK_DEVICE, 0660, Drw-rw----",
        "FIFO, 0644, prw-r--r--",
    })
    void printsModesAsGoDoes(FileMode.Type type, String octal, String expected) {
        assertThat(FileMode.toGoString(type, Integer.parseInt(octal, 8))).isEqualTo(expected);
        assertThat(FileMode.isValid(expected)).isTrue();
    }
}
