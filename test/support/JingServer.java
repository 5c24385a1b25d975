import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.ValidationDriver;
import com.thaiopensource.validate.prop.rng.RngProperty;
import com.thaiopensource.validate.rng.CompactSchemaReader;
import com.thaiopensource.xml.sax.ErrorHandlerImpl;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.xml.sax.SAXException;

/**
 * jing, started once for a whole test run instead of once per document: a JVM costs some
 * 0.6 s of CPU to start, and the end-to-end tests validate about a hundred Atom feeds.
 *
 * Each document is checked exactly as `jing -c SCHEMA FILE` checks it (jing's own
 * relaxng/util/Driver, which this mirrors): the same ValidationDriver, compact-syntax schema
 * reader, ID/IDREF checking and ErrorHandlerImpl, so the messages and the exit status are
 * the command's. Started by test/support/validator-servers.ts with Debian's jing classpath.
 *
 * Protocol (loopback TCP, one request per connection): the client sends a file path and a
 * newline; the server answers with jing's exit status on the first line, then what jing
 * would have printed, and closes. The server prints its port on stdout and exits when its
 * stdin closes (the test run is over, however it ended).
 */
public final class JingServer {
  public static void main(String[] args) throws IOException {
    String schema = args[0];
    ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    System.out.println(server.getLocalPort());
    System.out.flush();
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // The parent never writes; EOF means it is gone.
        }
      } catch (IOException e) {
        // The same: the parent is gone.
      }
      System.exit(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    while (true) {
      Socket socket = server.accept();
      Thread worker = new Thread(() -> answer(socket, schema));
      worker.setDaemon(true);
      worker.start();
    }
  }

  private static void answer(Socket socket, String schema) {
    try (socket) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String file = in.readLine();
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int status = file == null ? 2 : validate(schema, file, printed);
      OutputStream out = socket.getOutputStream();
      out.write((status + "\n").getBytes(StandardCharsets.UTF_8));
      printed.writeTo(out);
      out.flush();
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  /** jing's Driver.doMain for `-c schema file`: 0 valid, 1 not (or unreadable). */
  private static int validate(String schema, String file, OutputStream printed) {
    ErrorHandlerImpl eh = new ErrorHandlerImpl(printed);
    PropertyMapBuilder properties = new PropertyMapBuilder();
    properties.put(ValidateProperty.ERROR_HANDLER, eh);
    RngProperty.CHECK_ID_IDREF.add(properties);
    boolean hadError = false;
    try {
      ValidationDriver driver = new ValidationDriver(properties.toPropertyMap(), CompactSchemaReader.getInstance());
      if (driver.loadSchema(ValidationDriver.uriOrFileInputSource(schema))) {
        if (!driver.validate(ValidationDriver.uriOrFileInputSource(file))) hadError = true;
      } else {
        hadError = true;
      }
    } catch (SAXException | IOException e) {
      hadError = true;
      eh.printException(e);
    }
    eh.close();
    return hadError ? 1 : 0;
  }
}
